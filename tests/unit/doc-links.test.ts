import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/workspace";

/**
 * The repository stands alone: someone who clones it must be able to follow every link of the
 * README and docs/. A relative link resolves to a file inside the repository, never `../shared`.
 */
const DOCS = [
  "README.md",
  ...readdirSync(join(REPO, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** Link targets of a markdown text, outside code: `[text](target)`, `![alt](target)`, `[ref]: target`. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/(`+)[^`]*?\1/g, "");
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const references = [...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  return [...inline, ...references];
}

/** Absolute URLs (https:, mailto:…) and in-page anchors point nowhere in the repository. */
const external = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#");

/** Why a link of `file` does not lead to a file of the repository, or undefined when it does. */
function brokenLink(file: string, target: string): string | undefined {
  const path = decodeURIComponent(target.replace(/[#?].*$/, ""));
  const absolute = path.startsWith("/") ? join(REPO, path) : resolve(REPO, dirname(file), path);
  const inside = relative(REPO, absolute);
  if (inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    return `${file}: ${target} points outside the repository`;
  if (!existsSync(absolute)) return `${file}: ${target} does not exist (${inside})`;
  return undefined;
}

/** The anchors GitHub gives a markdown file's headings: "## 1. Files and kinds" → "1-files-and-kinds". */
function anchors(markdown: string): Set<string> {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose.matchAll(/^#{1,6}\s+(.*?)\s*#*\s*$/gm)) {
    const slug = m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

/** Why a link's `#anchor` names no heading of the file it points to, or undefined when it does. */
function brokenAnchor(file: string, target: string): string | undefined {
  const hash = target.indexOf("#");
  if (hash < 0 || /^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  const path = target.slice(0, hash);
  const linked = path === "" ? join(REPO, file) : resolve(REPO, dirname(file), path);
  if (!linked.endsWith(".md") || !existsSync(linked)) return undefined;
  const anchor = decodeURIComponent(target.slice(hash + 1));
  return anchors(readFileSync(linked, "utf8")).has(anchor)
    ? undefined
    : `${file}: ${target} names no heading of ${relative(REPO, linked)}`;
}

describe("links in README.md and docs/*.md", () => {
  it("finds the docs and their links", () => {
    expect(DOCS).toContain("README.md");
    expect(DOCS).toContain("docs/validation.md");
    expect(linkTargets(readFileSync(join(REPO, "README.md"), "utf8")).length).toBeGreaterThan(3);
  });

  it("reads inline and reference links, but not code", () => {
    const text =
      "[a](docs/a.md) ![b](img/b.png) `[c](c.md)`\n[d]: ../d.md\n```\n[e](e.md)\n```\n[f](https://x.example)";
    expect(linkTargets(text)).toEqual(["docs/a.md", "img/b.png", "https://x.example", "../d.md"]);
  });

  it("lead only to files inside the repository", () => {
    const broken = DOCS.flatMap((file) =>
      linkTargets(readFileSync(join(REPO, file), "utf8"))
        .filter((target) => !external(target))
        .map((target) => brokenLink(file, target))
        .filter((why): why is string => why !== undefined),
    );
    expect(broken).toEqual([]);
  });

  it("reads heading anchors as GitHub makes them", () => {
    const text = "# Title\n## 1. Files and kinds\n### `waitFor`\n## Title\n```\n# not a heading\n```";
    expect([...anchors(text)]).toEqual(["title", "1-files-and-kinds", "waitfor", "title-1"]);
  });

  it("point #anchors at headings that exist", () => {
    const broken = DOCS.flatMap((file) =>
      linkTargets(readFileSync(join(REPO, file), "utf8"))
        .map((target) => brokenAnchor(file, target))
        .filter((why): why is string => why !== undefined),
    );
    expect(broken).toEqual([]);
  });
});

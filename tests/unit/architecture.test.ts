import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { runtimePackageImports } from "../helpers/runtime-imports";
import { importClosure, type SourceFile, sourceFiles } from "../helpers/source-tree";
import { REPO } from "../helpers/workspace";

const SOURCES = ["src", "functions", "stacks", "scripts", "bench", "sst.config.ts"];
const files = sourceFiles(SOURCES);
const byPath = new Map(files.map((file) => [file.path, file]));

/** Each file of `from` that imports a file under one of `forbidden`, as "file -> import". */
function wrongWay(from: string, forbidden: readonly string[]): string[] {
  return files
    .filter((file) => file.path.startsWith(from))
    .flatMap((file) =>
      file.files
        .filter((target) => forbidden.some((f) => target.startsWith(f)))
        .map((t) => `${file.path} -> ${t}`),
    );
}

/** The files of functions/ whose import closure reaches the npm package `name`. */
function functionsReaching(name: string): string[] {
  return files
    .filter((file) => file.path.startsWith("functions/"))
    .filter((entry) =>
      [...importClosure(entry.path, byPath)].some((path) => byPath.get(path)?.packages.includes(name)),
    )
    .map((entry) => entry.path)
    .sort();
}

describe("each Lambda bundle carries only the AWS clients its handlers use", () => {
  it("no function reaches the S3 client: raw mail is read and erased by signed fetch (src/adapters/aws/s3-raw-mail.ts)", () => {
    expect(functionsReaching("@aws-sdk/client-s3")).toEqual([]);
  });

  it("only the send step's bundle (functions/step.ts) reaches the SES client", () => {
    expect(functionsReaching("@aws-sdk/client-sesv2")).toEqual([
      "functions/ses-mailer.ts",
      "functions/step.ts",
    ]);
  });
});

describe("the hexagon: imports run inwards", () => {
  it("core imports nothing from the compiler, the adapters, the runtime or the CLI", () => {
    expect(wrongWay("src/core/", ["src/compiler/", "src/adapters/", "src/runtime/", "src/cli/"])).toEqual([]);
  });

  it("core imports no AWS SDK", () => {
    const sdk = files.filter(
      (f) => f.path.startsWith("src/core/") && f.packages.some((p) => p.startsWith("@aws-sdk")),
    );
    expect(sdk.map((f) => f.path)).toEqual([]);
  });

  it("the compiler imports nothing from the adapters, the runtime or the CLI", () => {
    expect(wrongWay("src/compiler/", ["src/adapters/", "src/runtime/", "src/cli/"])).toEqual([]);
  });

  it("the adapters import nothing from the compiler, the runtime or the CLI, and the local ones nothing from the AWS ones", () => {
    expect(wrongWay("src/adapters/", ["src/compiler/", "src/runtime/", "src/cli/"])).toEqual([]);
    expect(wrongWay("src/adapters/local/", ["src/adapters/aws/"])).toEqual([]);
  });

  it("the Lambda entry points reach nothing of the compiler, the runtime or the CLI, nor mjml or asl-validator", () => {
    const reached = files
      .filter((file) => file.path.startsWith("functions/"))
      .flatMap((entry) =>
        [...importClosure(entry.path, byPath)]
          .filter((path) => ["src/compiler/", "src/runtime/", "src/cli/"].some((f) => path.startsWith(f)))
          .map((path) => `${entry.path} reaches ${path}`),
      );
    expect(reached).toEqual([]);
    const packages = files
      .filter((file) => file.path.startsWith("functions/"))
      .flatMap((entry) =>
        [...importClosure(entry.path, byPath)].flatMap((path) =>
          (byPath.get(path)?.packages ?? [])
            .filter((p) => p === "mjml" || p === "asl-validator")
            .map((p) => `${entry.path} reaches ${p} (in ${path})`),
        ),
      );
    expect(packages).toEqual([]);
  });
});

/** zod/mini and the core it is built on (with the English locale, src/core/language/zod-mini.ts): 26-37 KB a bundle. */
const MINI_ZOD = /^zod\/(?:mini|v4\/mini|v4-mini|v4\/core|v4\/locales\/en\.js)$/;

describe("the Lambda bundles carry zod/mini only", () => {
  // Classic zod does not tree-shake: about 450 KB in every bundle that imports it once. Handlers
  // parse with zod/mini (src/core/language/input-schemas.ts, src/core/engine/payloads.ts); the
  // language's classic schemas are for the compiler and the CLI (the catalog comes prebuilt).
  it("no functions/* entry reaches classic zod at run time", () => {
    const entries = files.filter((file) => file.path.startsWith("functions/")).map((file) => file.path);
    const reached = entries.flatMap((entry) =>
      runtimePackageImports(entry)
        .filter(({ specifier }) => /^zod(?:\/|$)/.test(specifier) && !MINI_ZOD.test(specifier))
        .map(({ file, specifier }) => `${entry} reaches "${specifier}" (in ${file})`),
    );
    expect([...new Set(reached)]).toEqual([]);
  });
});

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;

function lineCount(file: SourceFile): number {
  return file.text.split("\n").length - (file.text.endsWith("\n") ? 1 : 0);
}

/** Every function (declaration, method, arrow, constructor) longer than `limit` lines in a file. */
function longFunctions(file: SourceFile, limit: number): string[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(node.end).line;
      if (last - first + 1 > limit) found.push(`${file.path}:${first + 1} (${last - first + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("small files, short functions", () => {
  it(`no source file is over ${MAX_FILE_LINES} lines`, () => {
    const long = files.filter((f) => lineCount(f) > MAX_FILE_LINES).map((f) => `${f.path} (${lineCount(f)})`);
    expect(long).toEqual([]);
  });

  it(`no function outside the tests is over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(
      files.filter((f) => f.path.endsWith(".ts")).flatMap((f) => longFunctions(f, MAX_FUNCTION_LINES)),
    ).toEqual([]);
  });
});

describe("the README", () => {
  it("names every folder of src/ in its layout section", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    const opening = readme.indexOf("```", readme.indexOf("### Layout"));
    const layout = readme.slice(opening, readme.indexOf("```", opening + 3));
    /** A folder as the layout writes it: `src/core/` at the top, `engine/` indented under its parent. */
    const listed = (name: string) =>
      new RegExp(`(^|\\s)${name.replace(/[/.-]/g, "\\$&")}(\\s|$)`, "m").test(layout);
    const folders = readdirSync(join(REPO, "src"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => [
        { path: `src/${entry.name}/`, written: `src/${entry.name}/` },
        ...readdirSync(join(REPO, "src", entry.name), { withFileTypes: true })
          .filter((sub) => sub.isDirectory())
          .map((sub) => ({ path: `src/${entry.name}/${sub.name}/`, written: `${sub.name}/` })),
      ]);
    expect(folders.filter((folder) => !listed(folder.written)).map((folder) => folder.path)).toEqual([]);
  });
});

/** Repository paths a text names: `src/…`, `functions/…`, `stacks/…`, `docs/…` and the like. */
const NAMED_PATH = /\b(?:src|functions|stacks|docs|bench|scripts|tests)\/[A-Za-z0-9_./-]+\.(?:ts|mjs|md)\b/g;

describe("comments and docs", () => {
  it("name only files that exist", () => {
    const docs = ["README.md", ...readdirSync(join(REPO, "docs")).map((name) => `docs/${name}`)].filter((p) =>
      p.endsWith(".md"),
    );
    const texts = [
      ...files.map((file) => ({ path: file.path, text: file.text })),
      ...docs.map((path) => ({ path, text: readFileSync(join(REPO, path), "utf8") })),
    ];
    const missing = texts.flatMap(({ path, text }) =>
      [...text.matchAll(NAMED_PATH)]
        .map((match) => match[0])
        .filter((named) => !existsSync(join(REPO, named)))
        .map((named) => `${path} names ${named}`),
    );
    expect([...new Set(missing)]).toEqual([]);
  });
});

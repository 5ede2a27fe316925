import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { colorOn } from "../../src/cli/output";
import { handoff } from "../helpers/cli";
import { copySamples, REPO } from "../helpers/workspace";

const scratch = mkdtempSync(join(tmpdir(), "handoff-cli-start-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `// node_modules/<name>/…`: esbuild's mark of a module of that package inlined into a chunk. */
const INLINED = /^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm;

/**
 * The packages a command loads, recorded by tests/helpers/import-recorder.mjs: those it imports from
 * node_modules/<name>, and those inlined into the chunks of dist/cli/ it imports (scripts/build-cli.mjs).
 */
function packagesLoaded(args: string[]): { packages: Set<string>; status: number | null } {
  const log = join(scratch, `imports-${args.join("-")}.log`);
  writeFileSync(log, "");
  const run = spawnSync(
    process.execPath,
    ["--import", join(REPO, "tests/helpers/import-recorder.mjs"), join(REPO, "src/cli/bin.js"), ...args],
    { cwd: REPO, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", HANDOFF_IMPORT_LOG: log } },
  );
  const urls = readFileSync(log, "utf8").split("\n");
  const packages = new Set(
    urls.flatMap((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []),
  );
  for (const url of urls.filter((u) => u.includes("/dist/cli/")))
    for (const [, name] of readFileSync(new URL(url), "utf8").matchAll(INLINED)) packages.add(name!);
  expect(
    urls.some((url) => url.includes("/dist/cli/main.js")),
    "runs the compiled CLI",
  ).toBe(true);
  return { packages, status: run.status };
}

const HEAVY = ["mjml", "liquidjs", "zod", "asl-validator", "aws-local-stepfunctions", "tsx", "dynalite"];

describe("handoff starts light", () => {
  it("--help and each command's --help load commander and no other package", () => {
    for (const args of [
      ["--help"],
      ["validate", "--help"],
      ["simulate", "--help"],
      ["asana", "connect", "--help"],
    ]) {
      const { packages, status } = packagesLoaded(args);
      expect(status, args.join(" ")).toBe(0);
      expect([...packages], args.join(" ")).toEqual(["commander"]);
    }
  });

  it("validate loads what checking needs, and not MJML, the ASL validator, the runtime or the AWS SDK", () => {
    const { packages, status } = packagesLoaded(["validate"]);
    expect(status).toBe(0);
    expect(packages.has("zod")).toBe(true);
    for (const heavy of [...HEAVY.filter((name) => name !== "zod" && name !== "liquidjs")])
      expect(packages.has(heavy), heavy).toBe(false);
    expect([...packages].filter((name) => name.startsWith("@aws-sdk/"))).toEqual([]);
  });

  it("--version prints package.json's version", () => {
    const { version } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
    expect(handoff(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });
});

describe("usage errors", () => {
  const missingCsv = join(scratch, "nowhere.csv");
  // An unknown --workflow of simulate: tests/integration/simulate.test.ts (it starts the runtime first).
  const cases: Array<[string, string[], RegExp]> = [
    [
      "a bad number",
      ["simulate", "--contacts", "many"],
      /^handoff simulate: --contacts must be a whole number, not "many"$/,
    ],
    [
      "an unknown workflow",
      ["compile", "trial-nurtur"],
      /^handoff compile: no campaign or sequence 'trial-nurtur' /,
    ],
    [
      "a missing scenario file",
      ["test", "no-such-scenario.json"],
      /^handoff test: no file no-such-scenario\.json: /,
    ],
    [
      "a missing CSV file",
      [
        "enroll",
        "--workflow",
        "trial-nurture",
        "--csv",
        missingCsv,
        "--api",
        "http://127.0.0.1:9",
        "--api-key",
        "k",
      ],
      /^handoff enroll: no file .*nowhere\.csv: give --csv/,
    ],
    [
      "an unreachable API",
      ["report", "stages", "--api", "http://127.0.0.1:9", "--api-key", "k"],
      /^handoff report: cannot reach http:\/\/127\.0\.0\.1:9.*: check --api/,
    ],
    [
      "an unreachable API (failed)",
      ["failed", "--api", "http://127.0.0.1:9", "--api-key", "k"],
      /^handoff failed: cannot reach /,
    ],
    ["a missing API", ["contact", "c1"], /^handoff contact: give --api and --api-key/],
    [
      "an unknown option",
      ["validate", "--strict"],
      /^handoff validate: unknown option '--strict'; see handoff validate --help$/,
    ],
    ["an unknown command", ["deploy"], /^handoff: unknown command 'deploy'; see handoff --help$/],
    [
      "a missing argument",
      ["compile"],
      /^handoff compile: missing required argument 'workflow'; see handoff compile --help$/,
    ],
    [
      "a missing required option",
      ["enroll", "--csv", "x.csv"],
      /^handoff enroll: required option '--workflow <id>' not specified; see handoff enroll --help$/,
    ],
    [
      "an unknown option of a subcommand's subcommand",
      ["asana", "connect", "--nope"],
      /^handoff asana connect: unknown option '--nope'/,
    ],
    [
      "both backends",
      ["simulate", "--servers", "--memory"],
      /^handoff simulate: option '--servers' cannot be used with option '--memory'/,
    ],
  ];

  it.each(cases)("%s: one line on stderr, exit 2, no stack trace", (_kind, args, expected) => {
    const run = handoff(args);
    expect(run.stderr.trimEnd(), args.join(" ")).toMatch(expected);
    expect(run.stderr.trimEnd().split("\n"), run.stderr).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
  });
});

describe("colour", () => {
  it("only on a terminal, without NO_COLOR; FORCE_COLOR forces it", () => {
    expect(colorOn({ isTTY: true }, {})).toBe(true);
    expect(colorOn({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colorOn({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(colorOn({ isTTY: false }, {})).toBe(false);
    expect(colorOn({}, { FORCE_COLOR: "1" })).toBe(true);
    expect(colorOn({ isTTY: true }, { FORCE_COLOR: "0" })).toBe(true);
    expect(colorOn({}, { FORCE_COLOR: "0" })).toBe(false);
  });

  it("a piped stdout has no ANSI escapes, NO_COLOR or not; FORCE_COLOR=1 colours it", () => {
    const dir = copySamples();
    const file = join(dir, "workflows/trial-nurture.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"welcome"', '"welcome-typo"'));
    const run = (env: Record<string, string | undefined>) =>
      spawnSync(process.execPath, [join(REPO, "src/cli/bin.js"), "validate"], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
      });
    const ansi = "\u001b[";
    for (const env of [{}, { NO_COLOR: "1" }]) {
      const piped = run(env);
      expect(piped.status).toBe(1);
      expect(piped.stdout).toContain("error");
      expect(piped.stdout.includes(ansi)).toBe(false);
    }
    expect(run({ FORCE_COLOR: "1" }).stdout.includes(ansi)).toBe(true);
  });
});

describe("src/cli/bin.js", () => {
  /** A tree shaped like the repository: bin.js, a main.ts and a built dist/cli/main.js that say who ran. */
  function tree(): string {
    const root = mkdtempSync(join(scratch, "tree-"));
    mkdirSync(join(root, "src/cli"), { recursive: true });
    mkdirSync(join(root, "dist/cli"), { recursive: true });
    cpSync(join(REPO, "src/cli/bin.js"), join(root, "src/cli/bin.js"));
    writeFileSync(join(root, "package.json"), '{ "type": "module" }');
    symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"));
    writeFileSync(join(root, "src/cli/main.ts"), 'const who: string = "sources";\nconsole.log(who);\n');
    writeFileSync(join(root, "dist/cli/main.js"), 'console.log("build");\n');
    const past = new Date(Date.now() - 60_000);
    for (const file of ["src/cli/bin.js", "src/cli/main.ts"]) utimesSync(join(root, file), past, past);
    writeFileSync(join(root, "dist/cli/.stamp"), "");
    return root;
  }
  const who = (root: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(root, "src/cli/bin.js")], {
      encoding: "utf8",
      env: { ...process.env, HANDOFF_DEV: "", ...env },
    }).stdout.trim();

  it("runs the build when it is not older than any source, else the sources through tsx", () => {
    const root = tree();
    expect(who(root)).toBe("build");
    expect(who(root, { HANDOFF_DEV: "1" })).toBe("sources");
    mkdirSync(join(root, "src/core"));
    writeFileSync(join(root, "src/core/edited.ts"), "export {};\n");
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(root, "src/core/edited.ts"), future, future);
    expect(who(root)).toBe("sources");
    rmSync(join(root, "src/core"), { recursive: true });
    expect(who(root)).toBe("build");
    rmSync(join(root, "dist/cli/.stamp"));
    expect(who(root)).toBe("sources");
  });
});

// Section `start`: `npm start` with its default options (package.json's `start` script run with this
// node, so npm's own start-up is left out) and `--out` a fresh temporary folder: wall time from
// spawn to exit, and the size of what it wrote there (the report, the emails, the HTML samples).
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, type CommandLine, failure, packageScripts, runCommand, shown } from "./commands";
import { loadNow } from "./results";
import { type Spread, spread } from "./stats";

/** What one `npm start` wrote to its --out folder, in bytes. */
export interface StartOutput {
  reportHtmlBytes: number;
  /** emails.jsonl (streamed, issue 17) or emails.json (the whole mailbox, before it), whichever was written. */
  emailsFile?: string;
  emailsBytes: number;
  htmlFiles: number;
  htmlBytes: number;
  totalBytes: number;
}

export interface StartFigures {
  /** 1-minute load average when the section started. */
  load: number;
  command: string;
  wallSeconds?: Spread;
  /** What the last run that finished wrote. */
  output?: StartOutput;
  error?: string;
}

const PLAIN_WORD = /^[\w./=:@-]+$/;

/**
 * The node arguments of package.json's `start` script ("node --max-semi-space-size=64 src/cli/bin.js
 * start"); `src/cli/bin.js start` when the script is not a plain node command line.
 */
export function startArgs(script: string | undefined): string[] {
  const words = (script ?? "").trim().split(/\s+/);
  if (words[0] === "node" && words.length > 1 && words.every((word) => PLAIN_WORD.test(word)))
    return words.slice(1);
  return [...CLI, "start"];
}

function filesIn(dir: string): Array<{ name: string; bytes: number }> {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => ({ name, stat: statSync(join(dir, name)) }))
    .filter(({ stat }) => stat.isFile())
    .map(({ name, stat }) => ({ name, bytes: stat.size }));
}

/** Sizes of the files `npm start` wrote to `dir`. */
export function measureOutput(dir: string): StartOutput {
  const files = filesIn(dir);
  const bytesOf = (name: string) => files.find((file) => file.name === name)?.bytes;
  const emailsFile = ["emails.jsonl", "emails.json"].find((name) => bytesOf(name) !== undefined);
  const html = files.filter((file) => file.name.endsWith(".html") && file.name !== "report.html");
  return {
    reportHtmlBytes: bytesOf("report.html") ?? 0,
    ...(emailsFile ? { emailsFile } : {}),
    emailsBytes: emailsFile ? bytesOf(emailsFile)! : 0,
    htmlFiles: html.length,
    htmlBytes: html.reduce((sum, file) => sum + file.bytes, 0),
    totalBytes: files.reduce((sum, file) => sum + file.bytes, 0),
  };
}

export async function startFigures(runs: number, note: (what: string) => void): Promise<StartFigures> {
  const load = loadNow();
  const args = startArgs(packageScripts().start);
  const shownCommand = `${shown({ program: "node", args })} --out <a temporary folder>`;
  note(`start: ${shownCommand}, ${runs} run${runs > 1 ? "s" : ""}`);
  const walls: number[] = [];
  let output: StartOutput | undefined;
  let error: string | undefined;
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), "handoff-bench-start-"));
    try {
      const command: CommandLine = { program: "node", args: [...args, "--out", out] };
      const run = await runCommand(command);
      const why = failure(run);
      error ??= why;
      if (why) continue;
      walls.push(run.ms / 1000);
      output = measureOutput(out);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return {
    load,
    command: shownCommand,
    ...(walls.length ? { wallSeconds: spread(walls) } : {}),
    ...(output ? { output } : {}),
    ...(error ? { error } : {}),
  };
}

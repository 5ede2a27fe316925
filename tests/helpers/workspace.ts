import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SMOKE_WORKFLOWS } from "../../src/core/smoke";

export const REPO = resolve(import.meta.dirname, "../..");

/** The ids of the campaigns and sequences in the sample workflows/. */
export const SAMPLE_WORKFLOWS: readonly string[] = [
  "trial-nurture",
  "sdr-follow-up",
  "long-term-nurture",
  "webinar-follow-up",
  "workspace-evaluation",
  "vendor-security-review",
  "usage-expansion",
];

/** What every deployment of the samples runs: theirs and the built-in smoke workflows (src/compiler/smoke-workflows.ts). */
export const DEPLOYED_WORKFLOWS: readonly string[] = [...SAMPLE_WORKFLOWS, ...SMOKE_WORKFLOWS];

/** A fresh temp folder holding copies of the sample workflows/ and templates/. */
export function copySamples(): string {
  const dir = mkdtempSync(join(tmpdir(), "handoff-"));
  cpSync(join(REPO, "workflows"), join(dir, "workflows"), { recursive: true });
  cpSync(join(REPO, "templates"), join(dir, "templates"), { recursive: true });
  return dir;
}

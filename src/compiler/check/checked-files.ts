import { basename } from "node:path";
import type { Scenario, Scoring, Settings, Workflow } from "../../core/language";
import type { ParsedFile } from "../parse/parse-file";
import type { Workspace } from "../workspace";

/**
 * The files the checks read: those that parsed, and those repaired after schema errors (their
 * `lost` says what of them was dropped), by kind. The file named settings.json (scoring.json) is
 * the one in force; any other is the duplicate.
 */
export interface Checked {
  settings: ParsedFile<Settings>[];
  scoring: ParsedFile<Scoring>[];
  workflows: ParsedFile<Workflow>[];
  scenarios: ParsedFile<Scenario>[];
}

export function checkedFiles(ws: Workspace): Checked {
  const byFile = (a: { file: string }, b: { file: string }) => a.file.localeCompare(b.file);
  const of = <T extends ParsedFile>(parsed: T[], kinds: string[]) =>
    [...parsed, ...(ws.repaired.filter((r) => kinds.includes(r.value.kind)) as T[])].sort(byFile);
  const canonical = (name: string) => (a: { file: string }, b: { file: string }) =>
    Number(basename(b.file) === name) - Number(basename(a.file) === name);
  return {
    settings: of(ws.settings, ["settings"]).sort(canonical("settings.json")),
    scoring: of(ws.scoring, ["scoring"]).sort(canonical("scoring.json")),
    workflows: of(ws.workflows, ["campaign", "sequence"]),
    scenarios: of(ws.scenarios, ["scenario"]),
  };
}

import { checkWorkspace } from "../../src/compiler/check";
import type { ParsedFile } from "../../src/compiler/parse/parse-file";
import { parseFile } from "../../src/compiler/parse/parse-file";
import type { Violation } from "../../src/compiler/violation";
import type { Workspace } from "../../src/compiler/workspace";
import type { Campaign, Scenario, Scoring, Sequence, Settings } from "../../src/core/language";

/**
 * Validates one file's bytes as `handoff validate` would inside the workspace `base` (the sample
 * workflows and templates): parse, then check with that file in place of the one of the same name.
 * In memory, so a fuzz test can call it thousands of times.
 */
export function validateInWorkspace(base: Workspace, file: string, bytes: Uint8Array): Violation[] {
  const { parsed, violations, claims, repaired } = parseFile(file, bytes);
  const others = <T extends { file: string }>(list: T[]) => list.filter((p) => p.file !== file);
  const ws: Workspace = {
    ...base,
    settings: others(base.settings),
    scoring: others(base.scoring),
    workflows: others(base.workflows),
    scenarios: others(base.scenarios),
    repaired: [...others(base.repaired), ...(repaired ? [repaired] : [])],
    violations,
    broken: claims && !parsed ? [{ file, ...claims }] : [],
  };
  switch (parsed?.value.kind) {
    case "settings":
      ws.settings = [parsed as ParsedFile<Settings>, ...ws.settings];
      break;
    case "scoring":
      ws.scoring = [parsed as ParsedFile<Scoring>, ...ws.scoring];
      break;
    case "scenario":
      ws.scenarios = [...ws.scenarios, parsed as ParsedFile<Scenario>];
      break;
    case "campaign":
    case "sequence":
      ws.workflows = [...ws.workflows, parsed as ParsedFile<Campaign | Sequence>];
      break;
  }
  return checkWorkspace(ws);
}

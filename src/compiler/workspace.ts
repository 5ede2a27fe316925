import type { Campaign, Scenario, Scoring, Sequence, Settings } from "../core/language";
import type { TemplateFiles } from "../core/render/template-files";
import type { ParsedFile } from "./parse/parse-file";
import type { Violation } from "./violation";

/** Everything in a workflows folder and a templates folder, parsed: the input of check and compile. */
export interface Workspace {
  /** Folder that file names are relative to. */
  cwd: string;
  workflowsDir: string;
  templatesDir: string;
  settings: ParsedFile<Settings>[];
  scoring: ParsedFile<Scoring>[];
  workflows: ParsedFile<Campaign | Sequence>[];
  scenarios: ParsedFile<Scenario>[];
  templates: Map<string, TemplateFiles>;
  /**
   * Files of a known kind with schema errors, repaired (see parse/repair.ts) so that the checks
   * still run on them. Read by the checks only: never compiled, never run.
   */
  repaired: ParsedFile[];
  /** Files that did not parse, and what was wrong with them. */
  violations: Violation[];
  /** What the files that did not parse claim to be, so other checks do not report them missing. */
  broken: Array<{ file: string; kind: string; id?: string }>;
}

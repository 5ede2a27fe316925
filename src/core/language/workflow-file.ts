import { z } from "zod";
import { Scenario } from "./scenario";
import { Scoring } from "./scoring";
import { Settings } from "./settings";
import { Campaign, Sequence } from "./workflow";

export const FILE_KINDS = ["settings", "scoring", "campaign", "sequence", "scenario"] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** Any file of the campaign language, told apart by `kind`. */
export const WorkflowFile = z.discriminatedUnion("kind", [Settings, Scoring, Campaign, Sequence, Scenario]);
export type WorkflowFile = z.infer<typeof WorkflowFile>;

export const SCHEMAS: Record<FileKind, z.ZodType> = {
  settings: Settings,
  scoring: Scoring,
  campaign: Campaign,
  sequence: Sequence,
  scenario: Scenario,
};

import { z } from "zod";
import { WorkflowFile } from "./workflow-file";

/** The JSON Schema of every workflow file, for editors: generated from the validator's own schemas. */
export function workflowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(WorkflowFile, { target: "draft-7", io: "input", unrepresentable: "any" });
  return {
    ...schema,
    $id: "https://handoff.dev/schema/v1/workflow.json",
    title: "Handoff workflow file",
    description: "A Handoff settings, scoring, campaign, sequence or scenario file (campaign language v1).",
  };
}

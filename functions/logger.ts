import { Logger } from "@aws-lambda-powertools/logger";
import { ErrorNames } from "../src/core/errors";

/** Structured JSON logs (Powertools): ids only, never personal data. */
export const logger = new Logger({ serviceName: "handoff" });

/** Errors that route a state machine (interrupts, branch routes, send-window holds): not failures. */
export function isRoutingSignal(error: unknown): boolean {
  const name = (error as { name?: unknown })?.name;
  return (
    typeof name === "string" &&
    (name.startsWith("Handoff.Interrupt.") ||
      name.startsWith(ErrorNames.GotoPrefix) ||
      name === ErrorNames.SendWindowClosed)
  );
}

/** The ids of a step payload, for log lines. */
export function ids(event: unknown): Record<string, unknown> {
  const e = (event ?? {}) as {
    workflow?: unknown;
    enrollmentId?: unknown;
    contactId?: unknown;
    step?: { id?: unknown };
  };
  return { workflow: e.workflow, enrollmentId: e.enrollmentId, contactId: e.contactId, step: e.step?.id };
}

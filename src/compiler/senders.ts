import type { EmailStep, Settings, Workflow } from "../core/language";

/**
 * The From an email step is sent with, unrendered (Liquid left in): its own, else the workflow's,
 * else settings.defaultFrom. The emitter writes it into the step's payload; the send handler renders it.
 */
export function senderOf(step: EmailStep, workflow: Workflow, settings: Settings): string {
  return step.from ?? workflow.from ?? settings.defaultFrom;
}

/**
 * Every distinct From a workflow's emails are sent with, in step order: read from the workflow
 * itself (every step is emitted, so these are exactly the senders of its compiled machine).
 */
export function sendersOf(workflow: Workflow, settings: Settings): string[] {
  const senders = workflow.steps.flatMap((step) =>
    step.type === "email" ? [senderOf(step, workflow, settings)] : [],
  );
  return [...new Set(senders)];
}

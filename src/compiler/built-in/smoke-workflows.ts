/**
 * The two built-in workflows `handoff smoke` runs on every stage (docs/deploy.md), as JSON data: the
 * compiler parses and checks them like a marketer's files (src/compiler/smoke-workflows.ts adds them
 * to every deployment). Their ids, events, template and link are the fixed names of src/core/smoke.ts.
 */
import {
  SMOKE_CAMPAIGN,
  SMOKE_CONTINUE_EVENT,
  SMOKE_HANDOFF_EVENT,
  SMOKE_SEQUENCE,
  SMOKE_STEPS,
  SMOKE_TEMPLATE,
} from "../../core/smoke";

/**
 * The smoke campaign: enrolled through the API only (no `enrollWhen`), again on every run
 * (`reenroll`), ended at once after its last step (`settle: "0m"`); no send window, Slack, owner or
 * stage, so a smoke run touches nothing but its own contacts. `smoke-hold` ends early on
 * SMOKE_CONTINUE_EVENT (the interrupt check); SMOKE_HANDOFF_EVENT hands off mid-pause.
 */
export const SMOKE_CAMPAIGN_JSON = {
  schemaVersion: 1,
  kind: "campaign",
  id: SMOKE_CAMPAIGN,
  name: "Handoff smoke test",
  description: "Built in: handoff smoke enrolls SES mailbox simulator addresses here after a deploy.",
  reenroll: true,
  settle: "0m",
  handoff: { when: { event: SMOKE_HANDOFF_EVENT }, to: SMOKE_SEQUENCE },
  steps: [
    { id: SMOKE_STEPS.first, type: "email", template: SMOKE_TEMPLATE, subject: "Handoff smoke test" },
    {
      id: SMOKE_STEPS.hold,
      type: "waitFor",
      event: SMOKE_CONTINUE_EVENT,
      timeout: "7d",
      then: SMOKE_STEPS.afterHold,
      else: SMOKE_STEPS.afterHold,
    },
    {
      id: SMOKE_STEPS.afterHold,
      type: "email",
      template: SMOKE_TEMPLATE,
      subject: "Handoff smoke test: after the pause",
    },
    { id: SMOKE_STEPS.rest, type: "wait", duration: "7d" },
  ],
} as const;

/** The sequence the smoke campaign hands off to: one email. */
export const SMOKE_SEQUENCE_JSON = {
  schemaVersion: 1,
  kind: "sequence",
  id: SMOKE_SEQUENCE,
  name: "Handoff smoke test: sales",
  description: "Built in: the sequence the handoff smoke test hands off to.",
  reenroll: true,
  settle: "0m",
  steps: [
    {
      id: SMOKE_STEPS.firstTouch,
      type: "email",
      template: SMOKE_TEMPLATE,
      subject: "Handoff smoke test: handed off",
    },
  ],
} as const;

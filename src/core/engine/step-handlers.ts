import type { FunctionKey } from "../step-lambdas";
import { handOffInScope } from "./account-handoff";
import { notifyStep, setStageStep, taskStep } from "./actions";
import { completeEnrollment } from "./complete";
import { decideStep } from "./decide";
import type { EngineDeps } from "./deps";
import { pauseStep } from "./pause";
import {
  CompletePayload,
  DecidePayload,
  EmailPayload,
  HandoffPayload,
  NotifyPayload,
  PausePayload,
  SetStagePayload,
  TaskPayload,
} from "./payloads";
import { sendEmailStep } from "./send-email";

export type StepHandler = (event: unknown) => Promise<unknown>;

/**
 * The handler behind every function a compiled machine calls: parse the payload, run one use case.
 * The Lambda entry points (functions/) and the local runtime call these same functions.
 */
export function stepHandlers(deps: EngineDeps): Record<FunctionKey, StepHandler> {
  return {
    sendEmail: async (event) => sendEmailStep(deps, EmailPayload.parse(event)),
    pause: async (event) => pauseStep(deps, PausePayload.parse(event)),
    decide: async (event) => decideStep(deps, DecidePayload.parse(event)),
    setStage: async (event) => setStageStep(deps, SetStagePayload.parse(event)),
    notify: async (event) => notifyStep(deps, NotifyPayload.parse(event)),
    task: async (event) => taskStep(deps, TaskPayload.parse(event)),
    handoff: async (event) => handOffInScope(deps, HandoffPayload.parse(event)),
    complete: async (event) => {
      const payload = CompletePayload.parse(event);
      const contact = await deps.store.getContact(payload.contactId);
      // An erased contact's execution ends here quietly: there is nothing left to complete.
      if (!contact) return {};
      await completeEnrollment(deps, contact, payload.enrollmentId, payload.workflow, payload.complete);
      return {};
    },
  };
}

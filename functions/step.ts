// Lambda entry points of the functions the compiled state machines call (one export per function).
import { type StepHandler, stepHandlers } from "../src/core/engine/step-handlers";
import type { FunctionKey } from "../src/core/step-lambdas";
import { ids, isRoutingSignal, logger } from "./logger";
import { sesMailer } from "./ses-mailer";
import { engineWiring } from "./wiring";

/** The steps' dependencies: the engine's, with SES (the send step sends; the bundle is shared). */
const wire = engineWiring({ mailer: sesMailer });

function entry(key: FunctionKey): StepHandler {
  return async (event) => {
    try {
      const result = await stepHandlers(wire())[key](event);
      if ((result as { status?: unknown } | undefined)?.status === "uncertain")
        logger.warn(
          `${key} uncertain: SES gave no answer; not sent again (GET /sends/uncertain)`,
          ids(event),
        );
      else logger.info(`${key} done`, ids(event));
      return result;
    } catch (error) {
      if (isRoutingSignal(error))
        logger.info(`${key} routed`, { ...ids(event), signal: (error as Error).name });
      else logger.error(`${key} failed`, { ...ids(event), error: error as Error });
      throw error;
    }
  };
}

export const sendEmail = entry("sendEmail");
export const pause = entry("pause");
export const decide = entry("decide");
export const setStage = entry("setStage");
export const notify = entry("notify");
export const task = entry("task");
export const handoff = entry("handoff");
export const complete = entry("complete");

// Lambda entry points of the functions the compiled state machines call (one export per function).
import { stepHandlers } from "../src/core/engine/step-handlers";
import { wire } from "./wiring";

const handlers = () => stepHandlers(wire());

export const sendEmail = (event: unknown) => handlers().sendEmail(event);
export const pause = (event: unknown) => handlers().pause(event);
export const decide = (event: unknown) => handlers().decide(event);
export const setStage = (event: unknown) => handlers().setStage(event);
export const notify = (event: unknown) => handlers().notify(event);
export const task = (event: unknown) => handlers().task(event);
export const handoff = (event: unknown) => handlers().handoff(event);
export const complete = (event: unknown) => handlers().complete(event);

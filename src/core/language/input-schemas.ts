/**
 * The language's schemas that Lambda handlers parse their input with (API bodies, events, step
 * payloads). Handlers import them from here and never from the rest of the language, so a
 * handler's bundle carries only these. Each is defined once; the language's own schemas embed them.
 */
export { Condition } from "./condition";
export { ContactInput } from "./contact";
export { EventName, Scalar, StageName, WorkflowId } from "./names";
export { SendWindow } from "./send-window";

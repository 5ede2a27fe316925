/**
 * The language's schemas that Lambda handlers parse their input with (API bodies, events, step
 * payloads). Handlers import them from here and never from the rest of the language, so a
 * handler's bundle carries only these. They are zod/mini schemas (src/core/language/zod-mini.ts):
 * each is defined once, in its own module, and the language's classic schemas embed them as they are
 * (a classic object takes a mini schema as a member: `z.optional(StageName)`, not `.optional()`), so
 * workflows/schema.json and the marketers' messages come from the same definitions.
 */
export { Condition } from "./condition";
export { ContactInput } from "./contact";
export { EventName, Scalar, StageName, WorkflowId } from "./names";
export { SendWindow } from "./send-window";

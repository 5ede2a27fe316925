/** One finding of the validator: where, what (a stable code), and a sentence a marketer understands. */
export interface Violation {
  /** Path of the file, relative to the folder the command ran in. */
  file: string;
  /** JSON Pointer into the file ("/steps/4/then"); "" for the whole file or a non-JSON file. */
  path: string;
  code: ViolationCode;
  message: string;
  severity: "error" | "warning";
  /** 1-based position in the file, when known; in the `--json` shape after `severity`. */
  line?: number;
  column?: number;
}

/** Every code the validator reports, with what it means. Codes are stable: tools match on them. */
export const VIOLATION_CODES = {
  "file-too-large": "the file is larger than a workflow can reasonably be",
  "too-deep": "the JSON nests deeper than any workflow needs",
  "empty-file": "the file is empty",
  "invalid-json": "the file is not valid JSON",
  "duplicate-key": "the same field appears twice in one object",
  "not-an-object": "the file is not a JSON object",
  "missing-kind": "the file does not say its kind",
  "unknown-kind": "the kind is not one of settings, scoring, campaign, sequence, scenario",
  "unsupported-schema-version": "the schemaVersion is not one this Handoff reads",
  "unknown-field": "a field the language does not have",
  "missing-field": "a required field is missing",
  "wrong-type": "a value has the wrong type (text for a number, …)",
  "invalid-value": "a value is outside what the field accepts",
  "invalid-id": "an id is not lowercase letters, digits and hyphens",
  "invalid-event": "an event name is not a dotted lowercase name",
  "invalid-address": "a sender address is malformed",
  "invalid-duration": "a duration is malformed, zero, or longer than a year",
  "invalid-timezone": "a time zone is not an IANA zone name",
  "invalid-send-window": "a send window's days or hours are malformed",
  "invalid-condition": "a condition has none of the condition keys",
  "duplicate-step-id": "two steps share an id",
  "unknown-step": "next/then/else/replyTo names a step that does not exist",
  "backward-jump": "next/then/else jumps to an earlier step or itself (loops are not allowed)",
  "unreachable-step": "no path leads to a step",
  "invalid-reply-to": "replyTo names a step that is not an earlier email",
  "split-weights": "split weights do not add up to 100",
  "missing-template": "an email names a template that is not in templates/",
  "unknown-merge-field": "a Liquid merge field outside the allowed names",
  "liquid-syntax": "a Liquid syntax error in a template, subject or message",
  "duplicate-link-tag": "one template tracks two different URLs under the same link tag",
  "missing-footer":
    "some email of a template could lack the unsubscribe link or postal address (a footer is appended then)",
  "unknown-link": "a click condition or rule names a link tag no template tracks (warning)",
  "unknown-event": "an event name nothing else names, or nothing listens to (warning)",
  "unknown-workflow": "handoff.to, onComplete.enroll or a scenario names no campaign or sequence",
  "unknown-stage": "a stage that scoring.json does not list",
  "unknown-slack": "a Slack name that settings.json does not list",
  "unknown-owner": "an owner id that settings.json does not list",
  "unknown-contact": "a scenario names a contact it does not define",
  "duplicate-workflow-id": "two files define the same campaign or sequence id",
  "reserved-id":
    "a workflow or template takes an id of Handoff's built-in smoke test (handoff-smoke, handoff-smoke-sales)",
  "duplicate-file-kind": "a second settings or scoring file",
  "missing-settings": "no settings.json in the workflows folder",
  "missing-scoring": "no scoring.json in the workflows folder",
  "self-reference": "a workflow hands off or recycles into itself",
  "id-file-mismatch": "a workflow's id differs from its file name",
} as const;
export type ViolationCode = keyof typeof VIOLATION_CODES;

export function error(file: string, path: string, code: ViolationCode, message: string): Violation {
  return { file, path, code, message, severity: "error" };
}

export function warning(file: string, path: string, code: ViolationCode, message: string): Violation {
  return { file, path, code, message, severity: "warning" };
}

/** JSON Pointer (RFC 6901) for a path of keys and indexes. */
export function pointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part) => `/${String(part).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** The keys and indexes of a JSON Pointer: "/steps/4/then" → ["steps", 4, "then"]. */
export function segments(path: string): Array<string | number> {
  return path
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

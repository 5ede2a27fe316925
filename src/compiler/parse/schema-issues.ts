import { CONDITION_KEYS } from "../../core/language";
import { didYouMean, listOf } from "../suggest";
import { error, pointer, type Violation, type ViolationCode } from "../violation";
import {
  get,
  type Issue,
  lackingMessage,
  lackingOnly,
  missingKeys,
  type Path,
  unionIssues,
} from "./union-issues";

/** Why a field that exists elsewhere in the language does not belong where it was written. */
const FIELD_HINTS: Record<string, Record<string, string>> = {
  campaign: { stopWhen: "campaigns end with exitWhen; stopWhen belongs to sequences" },
  sequence: {
    exitWhen: "sequences end with stopWhen; exitWhen belongs to campaigns",
    handoff: "a sequence cannot hand off: its contacts are already with sales",
  },
  settings: {
    channel:
      'a Slack incoming webhook posts to the channel it was created for, so "channel" would be ignored: create one webhook per channel and list each under its own name in "slack"',
  },
  any: {
    next: "branch, split and waitFor steps choose where to go with then/else or variants, not next",
    delay: 'a wait\'s length is its "duration"',
    wait: 'a wait\'s length is its "duration"',
  },
};

/** The hint for a misplaced field, if any (own keys only: "__proto__" or "constructor" has none). */
function fieldHint(kind: string, key: string): string | undefined {
  for (const hints of [FIELD_HINTS[kind], FIELD_HINTS.any!])
    if (hints && Object.hasOwn(hints, key)) return hints[key];
  return undefined;
}

/** Where in the file, in words: "in step 'pause-1'", "in handoff.when", "in owners[2]". */
export function where(value: unknown, path: Path): string {
  if (path[0] === "steps" && typeof path[1] === "number") {
    if (path.length === 2) return "in the steps list";
    const id = (get(value, path.slice(0, 2)) as { id?: unknown } | undefined)?.id;
    const step = typeof id === "string" ? `step '${id}'` : `step ${path[1] + 1}`;
    const rest = path.slice(2).filter((key) => typeof key === "string");
    return rest.length > 1 ? `in ${step} (${rest.slice(0, -1).join(".")})` : `in ${step}`;
  }
  const parents = path.slice(0, -1).map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`));
  return parents.length ? `in ${parents.join("").replace(/^\./, "")}` : "at the top of the file";
}

function describe(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "string") return `text ("${input.length > 40 ? `${input.slice(0, 40)}…` : input}")`;
  if (typeof input === "object") return "an object";
  return `${typeof input === "number" ? "the number" : typeof input} ${String(input)}`;
}

const EXPECTED: Record<string, string> = {
  string: "text in double quotes",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list [ … ]",
  object: "an object { … }",
  record: "an object { … }",
};

function fieldName(path: Path): string {
  const last = path.at(-1);
  if (typeof last === "number") {
    const parent = path.at(-2);
    return parent === "steps" ? `step ${last + 1}` : `item ${last + 1} of "${String(parent)}"`;
  }
  return last === undefined ? "the file" : `"${String(last)}"`;
}

/** "unknown field "x" in step 'a'; did you mean 'y'?" or "…: remove it or correct its name". */
function unknownField(key: string, where: string, hint: string): string {
  const tail = hint.startsWith("; did you mean") ? "" : "; remove it or correct its name";
  return `unknown field "${key}" ${where}${hint}${tail}`;
}

function plural(n: unknown, unit: string): string {
  return `${String(n)} ${unit}${n === 1 ? "" : "s"}`;
}

function one(
  file: string,
  value: unknown,
  kind: string,
  vocabulary: Set<string>,
  issue: Issue,
  out: Violation[],
): void {
  const at = where(value, issue.path);
  const input = get(value, issue.path);
  const push = (code: ViolationCode, path: Path, message: string) =>
    out.push(error(file, pointer(path), code, message));
  if (
    input === undefined &&
    issue.path.length > 0 &&
    ["invalid_type", "invalid_value", "invalid_union"].includes(issue.code)
  ) {
    const options = issue.code === "invalid_value" ? ` (${listOf(issue.values.map(String))})` : "";
    const expected =
      issue.code === "invalid_type" ? ` (${EXPECTED[issue.expected] ?? issue.expected})` : options;
    push("missing-field", issue.path, `${fieldName(issue.path)} is missing ${at}: add it${expected}`);
    return;
  }
  switch (issue.code) {
    case "custom": {
      const code = (issue.params?.code as ViolationCode | undefined) ?? "invalid-value";
      push(code, issue.path, `${issue.message} (${fieldName(issue.path)} ${at})`);
      return;
    }
    case "unrecognized_keys":
      for (const key of issue.keys) {
        const hint = fieldHint(kind, key);
        const known = vocabulary.has(key)
          ? ": that field does not belong here"
          : didYouMean(key, vocabulary) || ": the language has no such field";
        push(
          "unknown-field",
          [...issue.path, key],
          unknownField(key, where(value, [...issue.path, key]), hint ? `: ${hint}` : known),
        );
      }
      return;
    case "invalid_type":
      push(
        "wrong-type",
        issue.path,
        `${fieldName(issue.path)} ${at} should be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describe(input)}`,
      );
      return;
    case "invalid_value": {
      if (issue.path.length === 1 && issue.path[0] === "schemaVersion") {
        if (typeof input !== "number")
          push("wrong-type", issue.path, `schemaVersion should be the number 1, not ${describe(input)}`);
        else
          push(
            "unsupported-schema-version",
            issue.path,
            `schemaVersion ${input} is not one this Handoff reads: use 1`,
          );
        return;
      }
      const options = issue.values.map(String);
      const hint = typeof input === "string" ? didYouMean(input, options) : "";
      push(
        "invalid-value",
        issue.path,
        `${fieldName(issue.path)} ${at} is ${describe(input)}; it must be ${listOf(options)}${hint}`,
      );
      return;
    }
    case "invalid_union": {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (discriminator) {
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const hint = typeof input === "string" ? didYouMean(input, options) : "";
        push(
          "invalid-value",
          issue.path,
          `${fieldName(issue.path)} ${at} is ${describe(input)}; it must be ${listOf(options)}${hint}`,
        );
        return;
      }
      const best = unionIssues(issue, value);
      if (best) {
        for (const inner of best) one(file, value, kind, vocabulary, inner, out);
        return;
      }
      const wanted = missingKeys(issue, value);
      const keys = input && typeof input === "object" && !Array.isArray(input) ? Object.keys(input) : [];
      if (wanted.filter((k) => (CONDITION_KEYS as readonly string[]).includes(k)).length >= 3) {
        const typo = keys.map((key) => didYouMean(key, CONDITION_KEYS)).find(Boolean) ?? "";
        push(
          "invalid-condition",
          issue.path,
          `${fieldName(issue.path)} ${at} is not a condition: a condition has one of ${listOf([...CONDITION_KEYS])}${typo}`,
        );
        return;
      }
      const lacking = input && typeof input === "object" ? lackingOnly(issue, value) : [];
      if (lacking.length) {
        const path = lacking.length === 1 ? [...issue.path, ...lacking[0]![0]!.path] : issue.path;
        const subject = `${fieldName(issue.path)} ${at}`;
        push("missing-field", path, lackingMessage(issue.path, subject, input as object, lacking));
        return;
      }
      // Keys that every option rejects are the typo ("atleast" for "atLeast").
      const objectOptions = issue.errors.filter(
        (b) => !b.some((i) => i.code === "invalid_type" && i.path.length === 0),
      );
      const unknown = keys.filter(
        (key) =>
          objectOptions.length > 0 &&
          objectOptions.every((b) => b.some((i) => i.code === "unrecognized_keys" && i.keys.includes(key))),
      );
      if (unknown.length) {
        for (const key of unknown) {
          push(
            "unknown-field",
            [...issue.path, key],
            unknownField(
              key,
              where(value, [...issue.path, key]),
              didYouMean(key, wanted) || `: expected one of ${listOf(wanted)}`,
            ),
          );
        }
        return;
      }
      push(
        "invalid-value",
        issue.path,
        `${fieldName(issue.path)} ${at} is ${describe(input)}, which this field does not accept`,
      );
      return;
    }
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const unit = issue.origin === "array" ? "item" : issue.origin === "string" ? "character" : "";
      const limit = `${issue.code === "too_small" ? "at least" : "at most"} ${unit ? plural(bound, unit) : String(bound)}`;
      const empty =
        issue.code === "too_small" && (input === "" || (Array.isArray(input) && input.length === 0));
      push(
        "invalid-value",
        issue.path,
        `${fieldName(issue.path)} ${at} ${empty ? "is empty" : `is ${describe(input)}`}: it needs ${limit}`,
      );
      return;
    }
    case "invalid_format": {
      const what =
        issue.format === "datetime"
          ? 'timestamp like "2026-03-02T14:00:00Z"'
          : issue.format === "url"
            ? 'web address starting with https://, like "https://go.acme.example"'
            : issue.format === "email"
              ? 'email address like "ana@acme.example"'
              : issue.format;
      push(
        issue.format === "email" ? "invalid-address" : "invalid-value",
        issue.path,
        `${fieldName(issue.path)} ${at} is ${describe(input)}, which is not a valid ${what}`,
      );
      return;
    }
    case "invalid_key":
      for (const inner of issue.issues)
        one(file, value, kind, vocabulary, { ...inner, path: issue.path } as Issue, out);
      return;
    case "invalid_element":
      for (const inner of issue.issues)
        one(file, value, kind, vocabulary, { ...inner, path: [...issue.path, ...inner.path] } as Issue, out);
      return;
    default:
      push("invalid-value", issue.path, `${fieldName(issue.path)} ${at}: ${issue.message}`);
  }
}

/** Turns zod's issues for one file into violations with codes and sentences. */
export function schemaViolations(
  file: string,
  value: unknown,
  kind: string,
  vocabulary: Set<string>,
  issues: Issue[],
): Violation[] {
  const out: Violation[] = [];
  for (const issue of issues) one(file, value, kind, vocabulary, issue, out);
  const seen = new Set<string>();
  return out.filter((v) => {
    const key = `${v.path}\u0000${v.code}\u0000${v.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

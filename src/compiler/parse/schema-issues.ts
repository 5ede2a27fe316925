import type { z } from "zod";
import { CONDITION_KEYS } from "../../core/language";
import { didYouMean, listOf } from "../suggest";
import { error, pointer, type Violation, type ViolationCode } from "../violation";

type Issue = z.core.$ZodIssue;
type Path = ReadonlyArray<PropertyKey>;

const KIND_HINTS: Record<string, Record<string, string>> = {
  campaign: { stopWhen: "campaigns end with exitWhen; stopWhen belongs to sequences" },
  sequence: {
    exitWhen: "sequences end with stopWhen; exitWhen belongs to campaigns",
    handoff: "a sequence cannot hand off: its contacts are already with sales",
  },
};

function get(value: unknown, path: Path): unknown {
  let node = value;
  for (const key of path) node = (node as Record<PropertyKey, unknown> | undefined)?.[key];
  return node;
}

/** Where in the file, in words: "in step 'pause-1'", "in handoff.when", "in owners[2]". */
export function where(value: unknown, path: Path): string {
  if (path[0] === "steps" && typeof path[1] === "number") {
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
  const last = [...path].reverse().find((key) => typeof key === "string");
  return last === undefined ? "the file" : `"${String(last)}"`;
}

/** A union failed: pick the option the author most likely meant and report its problems. */
function unionIssues(issue: Extract<Issue, { code: "invalid_union" }>): Issue[] | undefined {
  const missingKey = (i: Issue) =>
    i.code === "invalid_type" && i.path.length === 1 && (i as { input?: unknown }).input === undefined;
  const plausible = issue.errors.filter((branch) => branch.length > 0 && !branch.some(missingKey));
  if (plausible.length === 0) return undefined;
  plausible.sort((a, b) => a.length - b.length);
  return plausible[0]!.map((i) => ({ ...i, path: [...issue.path, ...i.path] }));
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
  const push = (code: ViolationCode, path: Path, message: string) =>
    out.push(error(file, pointer(path), code, message));
  switch (issue.code) {
    case "custom": {
      const code = (issue.params?.code as ViolationCode | undefined) ?? "invalid-value";
      push(code, issue.path, `${issue.message} (${fieldName(issue.path)} ${at})`);
      return;
    }
    case "unrecognized_keys":
      for (const key of issue.keys) {
        const hint = KIND_HINTS[kind]?.[key] ? `: ${KIND_HINTS[kind]![key]}` : didYouMean(key, vocabulary);
        push(
          "unknown-field",
          [...issue.path, key],
          `unknown field "${key}" ${where(value, [...issue.path, key])}${hint}; remove it or correct its name`,
        );
      }
      return;
    case "invalid_type": {
      const input = (issue as { input?: unknown }).input ?? get(value, issue.path);
      if (input === undefined) {
        push(
          "missing-field",
          issue.path,
          `${fieldName(issue.path)} is missing ${at}: add it (${EXPECTED[issue.expected] ?? issue.expected})`,
        );
      } else {
        push(
          "wrong-type",
          issue.path,
          `${fieldName(issue.path)} ${at} should be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describe(input)}`,
        );
      }
      return;
    }
    case "invalid_value": {
      const input = get(value, issue.path);
      if (issue.path.length === 1 && issue.path[0] === "schemaVersion") {
        push(
          "unsupported-schema-version",
          issue.path,
          `schemaVersion ${String(input)} is not one this Handoff reads: use 1`,
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
        const input = get(value, issue.path);
        if (input === undefined) {
          push(
            "missing-field",
            issue.path,
            `${fieldName(issue.path)} is missing ${at}: it must be ${listOf(options)}`,
          );
        } else {
          const hint = typeof input === "string" ? didYouMean(input, options) : "";
          push(
            "invalid-value",
            issue.path,
            `${fieldName(issue.path)} ${at} is ${describe(input)}; it must be ${listOf(options)}${hint}`,
          );
        }
        return;
      }
      const best = unionIssues(issue);
      if (best) {
        for (const inner of best) one(file, value, kind, vocabulary, inner, out);
        return;
      }
      const input = get(value, issue.path);
      const keys = input && typeof input === "object" && !Array.isArray(input) ? Object.keys(input) : [];
      const looksLikeCondition =
        keys.some((key) => (CONDITION_KEYS as readonly string[]).includes(key)) || keys.length === 0;
      if (looksLikeCondition || issue.errors.some((branch) => branch.some((i) => i.path[0] === "all"))) {
        const typo = keys.map((key) => didYouMean(key, CONDITION_KEYS)).find(Boolean) ?? "";
        push(
          "invalid-condition",
          issue.path,
          `${describe(input)} ${at} is not a condition: a condition has one of ${listOf([...CONDITION_KEYS])}${typo}`,
        );
      } else {
        push(
          "invalid-value",
          issue.path,
          `${fieldName(issue.path)} ${at} is ${describe(input)}, which this field does not accept`,
        );
      }
      return;
    }
    case "too_small":
    case "too_big": {
      const input = get(value, issue.path);
      const bound =
        issue.code === "too_small" ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
      const unit = issue.origin === "array" ? " items" : issue.origin === "string" ? " characters" : "";
      const empty =
        issue.code === "too_small" && (input === "" || (Array.isArray(input) && input.length === 0));
      push(
        "invalid-value",
        issue.path,
        `${fieldName(issue.path)} ${at} ${empty ? "is empty" : `is ${describe(input)}`}: it needs ${bound}${unit}`,
      );
      return;
    }
    case "invalid_format":
      push(
        "invalid-value",
        issue.path,
        `${fieldName(issue.path)} ${at} is ${describe(get(value, issue.path))}, which is not a valid ${issue.format === "datetime" ? 'timestamp like "2026-03-02T14:00:00Z"' : issue.format}`,
      );
      return;
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

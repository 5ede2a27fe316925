import { CONDITION_KEYS } from "../../core/language";
import { didYouMean, listOf } from "../suggest";
import { error, pointer, type Violation, type ViolationCode } from "../violation";
import { describe, expected, fieldHint, fieldName, plural, unknownField, where } from "./issue-words";
import {
  get,
  type Issue,
  lackingMessage,
  lackingOnly,
  missingKeys,
  type Path,
  unionIssues,
} from "./union-issues";

/** The file zod's issues are about, and what their messages need to know of it. */
export interface IssueContext {
  file: string;
  /** The file's parsed JSON, which the issues' paths point into. */
  value: unknown;
  /** The kind the file claims ("campaign", …): it picks the hints for misplaced fields. */
  kind: string;
  /** Every field name of the kind's schema: an unknown field that is one of them is misplaced, not misspelt. */
  vocabulary: ReadonlySet<string>;
}

/** One issue in its file: the file's context, the issue's place in words and the value found there. */
interface IssueSite {
  context: IssueContext;
  /** Where the issue is: "in step 'pause-1'". */
  at: string;
  /** The field and where it is: `"subject" in step 'welcome'`. */
  subject: string;
  /** The value at the issue's path; undefined when the field is missing. */
  input: unknown;
}

type IssueCode = Issue["code"];
type IssueOf<C extends IssueCode> = Extract<Issue, { code: C }>;
type UnionIssue = IssueOf<"invalid_union">;
/** The violations one kind of issue becomes. */
type IssueMessage<C extends IssueCode> = (issue: IssueOf<C>, site: IssueSite) => Violation[];

function finding(site: IssueSite, code: ViolationCode, path: Path, message: string): Violation[] {
  return [error(site.context.file, pointer(path), code, message)];
}

/** Codes zod reports for a field that is not there at all (a wrong type, value or union option of undefined). */
const MISSING_CODES: ReadonlySet<string> = new Set(["invalid_type", "invalid_value", "invalid_union"]);

function missingField(issue: Issue, site: IssueSite): Violation[] {
  const wanted =
    issue.code === "invalid_type"
      ? ` (${expected(issue.expected)})`
      : issue.code === "invalid_value"
        ? ` (${listOf(issue.values.map(String))})`
        : "";
  const message = `${fieldName(issue.path)} is missing ${site.at}: add it${wanted}`;
  return finding(site, "missing-field", issue.path, message);
}

/** A value that is not one of `options`, with the closest option when it is text. */
function notOneOf(path: Path, options: string[], site: IssueSite): Violation[] {
  const hint = typeof site.input === "string" ? didYouMean(site.input, options) : "";
  const message = `${site.subject} is ${describe(site.input)}; it must be ${listOf(options)}${hint}`;
  return finding(site, "invalid-value", path, message);
}

function customIssue(issue: IssueOf<"custom">, site: IssueSite): Violation[] {
  const code = (issue.params?.code as ViolationCode | undefined) ?? "invalid-value";
  return finding(site, code, issue.path, `${issue.message} (${site.subject})`);
}

function unknownFields(issue: IssueOf<"unrecognized_keys">, site: IssueSite): Violation[] {
  const { kind, value, vocabulary } = site.context;
  return issue.keys.flatMap((key) => {
    const hint = fieldHint(kind, key);
    const known = vocabulary.has(key)
      ? ": that field does not belong here"
      : didYouMean(key, vocabulary) || ": the language has no such field";
    const path = [...issue.path, key];
    return finding(
      site,
      "unknown-field",
      path,
      unknownField(key, where(value, path), hint ? `: ${hint}` : known),
    );
  });
}

function wrongType(issue: IssueOf<"invalid_type">, site: IssueSite): Violation[] {
  const message = `${site.subject} should be ${expected(issue.expected)}, not ${describe(site.input)}`;
  return finding(site, "wrong-type", issue.path, message);
}

function invalidValue(issue: IssueOf<"invalid_value">, site: IssueSite): Violation[] {
  if (issue.path.length !== 1 || issue.path[0] !== "schemaVersion")
    return notOneOf(issue.path, issue.values.map(String), site);
  return typeof site.input !== "number"
    ? finding(
        site,
        "wrong-type",
        issue.path,
        `schemaVersion should be the number 1, not ${describe(site.input)}`,
      )
    : finding(
        site,
        "unsupported-schema-version",
        issue.path,
        `schemaVersion ${site.input} is not one this Handoff reads: use 1`,
      );
}

/** The keys of the object at an issue; none when it is not an object. */
function inputKeys(input: unknown): string[] {
  return input && typeof input === "object" && !Array.isArray(input) ? Object.keys(input) : [];
}

/** An object with none of the condition keys where a condition belongs; undefined when no condition was meant. */
function notACondition(issue: UnionIssue, site: IssueSite): Violation[] | undefined {
  const wanted = missingKeys(issue, site.context.value);
  if (wanted.filter((k) => (CONDITION_KEYS as readonly string[]).includes(k)).length < 3) return undefined;
  const typo = inputKeys(site.input)
    .map((key) => didYouMean(key, CONDITION_KEYS))
    .find(Boolean);
  const message = `${site.subject} is not a condition: a condition has one of ${listOf([...CONDITION_KEYS])}${typo ?? ""}`;
  return finding(site, "invalid-condition", issue.path, message);
}

/** An object some option would take but for the required fields it lacks. */
function lackingFields(issue: UnionIssue, site: IssueSite): Violation[] | undefined {
  const { input } = site;
  const lacking = input && typeof input === "object" ? lackingOnly(issue, site.context.value) : [];
  if (!lacking.length) return undefined;
  const path = lacking.length === 1 ? [...issue.path, ...lacking[0]![0]!.path] : issue.path;
  return finding(
    site,
    "missing-field",
    path,
    lackingMessage(issue.path, site.subject, input as object, lacking),
  );
}

/** Keys that every object option rejects are the typo ("atleast" for "atLeast"). */
function misspeltKeys(issue: UnionIssue, site: IssueSite): Violation[] | undefined {
  const wanted = missingKeys(issue, site.context.value);
  const objectOptions = issue.errors.filter(
    (option) => !option.some((i) => i.code === "invalid_type" && i.path.length === 0),
  );
  const unknown = inputKeys(site.input).filter(
    (key) =>
      objectOptions.length > 0 &&
      objectOptions.every((option) =>
        option.some((i) => i.code === "unrecognized_keys" && i.keys.includes(key)),
      ),
  );
  if (!unknown.length) return undefined;
  return unknown.flatMap((key) => {
    const path = [...issue.path, key];
    const hint = didYouMean(key, wanted) || `: expected one of ${listOf(wanted)}`;
    return finding(site, "unknown-field", path, unknownField(key, where(site.context.value, path), hint));
  });
}

/** No option of a union took the value: the option the author meant tells what is wrong with it. */
function noUnionOption(issue: IssueOf<"invalid_union">, site: IssueSite): Violation[] {
  if (issue.discriminator) {
    const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
    return notOneOf(issue.path, options, site);
  }
  const meant = unionIssues(issue, site.context.value);
  if (meant) return meant.flatMap((inner) => issueViolations(inner, site.context));
  return (
    notACondition(issue, site) ??
    lackingFields(issue, site) ??
    misspeltKeys(issue, site) ??
    finding(
      site,
      "invalid-value",
      issue.path,
      `${site.subject} is ${describe(site.input)}, which this field does not accept`,
    )
  );
}

function outOfBounds(issue: IssueOf<"too_small" | "too_big">, site: IssueSite): Violation[] {
  const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
  const unit = issue.origin === "array" ? "item" : issue.origin === "string" ? "character" : "";
  const limit = `${issue.code === "too_small" ? "at least" : "at most"} ${unit ? plural(bound, unit) : String(bound)}`;
  const { input } = site;
  const empty = issue.code === "too_small" && (input === "" || (Array.isArray(input) && input.length === 0));
  const message = `${site.subject} ${empty ? "is empty" : `is ${describe(input)}`}: it needs ${limit}`;
  return finding(site, "invalid-value", issue.path, message);
}

/** String formats in words, with an example; any other format is named as zod names it. */
const FORMATS: Record<string, string> = {
  datetime: 'timestamp like "2026-03-02T14:00:00Z"',
  url: 'web address starting with https://, like "https://go.acme.example"',
  email: 'email address like "ana@acme.example"',
};

function invalidFormat(issue: IssueOf<"invalid_format">, site: IssueSite): Violation[] {
  const what = FORMATS[issue.format] ?? issue.format;
  const message = `${site.subject} is ${describe(site.input)}, which is not a valid ${what}`;
  return finding(site, issue.format === "email" ? "invalid-address" : "invalid-value", issue.path, message);
}

/** A record key that failed: its issues, placed at the record. */
function keyIssues(issue: IssueOf<"invalid_key">, site: IssueSite): Violation[] {
  return issue.issues.flatMap((inner) =>
    issueViolations({ ...inner, path: issue.path } as Issue, site.context),
  );
}

/** An element of a set or map that failed: its issues, placed at the element. */
function elementIssues(issue: IssueOf<"invalid_element">, site: IssueSite): Violation[] {
  return issue.issues.flatMap((inner) =>
    issueViolations({ ...inner, path: [...issue.path, ...inner.path] } as Issue, site.context),
  );
}

/** Any other issue: zod's own message, placed. */
function otherIssue(issue: Issue, site: IssueSite): Violation[] {
  return finding(site, "invalid-value", issue.path, `${site.subject}: ${issue.message}`);
}

/** The message of each kind of issue zod reports. */
const MESSAGES: { [C in IssueCode]: IssueMessage<C> } = {
  custom: customIssue,
  unrecognized_keys: unknownFields,
  invalid_type: wrongType,
  invalid_value: invalidValue,
  invalid_union: noUnionOption,
  too_small: outOfBounds,
  too_big: outOfBounds,
  invalid_format: invalidFormat,
  invalid_key: keyIssues,
  invalid_element: elementIssues,
  not_multiple_of: otherIssue,
};

/** The violations one zod issue becomes (a union or a record key may stand for several). */
function issueViolations(issue: Issue, context: IssueContext): Violation[] {
  const at = where(context.value, issue.path);
  const input = get(context.value, issue.path);
  const site: IssueSite = { context, at, subject: `${fieldName(issue.path)} ${at}`, input };
  if (input === undefined && issue.path.length > 0 && MISSING_CODES.has(issue.code))
    return missingField(issue, site);
  const message = (
    Object.hasOwn(MESSAGES, issue.code) ? MESSAGES[issue.code] : otherIssue
  ) as IssueMessage<IssueCode>;
  return message(issue, site);
}

/** Turns zod's issues for one file into violations with codes and sentences, each once. */
export function schemaViolations(issues: Issue[], context: IssueContext): Violation[] {
  const seen = new Set<string>();
  return issues
    .flatMap((issue) => issueViolations(issue, context))
    .filter((v) => {
      const key = `${v.path}\u0000${v.code}\u0000${v.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

import { type InputIssue, type InputSchema, parseInput } from "./input-parse";
import { type HttpRequest, type HttpResponse, problem } from "./types";

/** Parses a JSON body against a schema; a 4xx response with the reason when it does not fit. */
export function parseBody<T>(
  request: HttpRequest,
  schema: InputSchema<T>,
  maxBytes: number,
): { value: T } | { response: HttpResponse } {
  if (Buffer.byteLength(request.body, "utf8") > maxBytes) {
    return {
      response: problem(
        413,
        "too-large",
        `the body is larger than ${Math.round(maxBytes / 1024)} KB; send smaller batches`,
      ),
    };
  }
  const type = request.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type))
    return { response: problem(415, "unsupported-media-type", "send Content-Type: application/json") };
  let raw: unknown;
  try {
    raw = JSON.parse(request.body);
  } catch (e) {
    return {
      response: problem(
        400,
        "invalid-json",
        `the body is not valid JSON: ${(e as Error).message.slice(0, 200)}`,
      ),
    };
  }
  const reserved = reservedKeyPath(raw);
  if (reserved) {
    const name = reserved.at(-1);
    return {
      response: problem(
        400,
        "invalid-request",
        `${reserved.join(".")}: "${name}" is a name JavaScript objects have of their own; rename the field`,
      ),
    };
  }
  const result = parseInput(schema, raw);
  if (!result.success) {
    const first = innermost(result.error.issues[0]!);
    const where = first.path.length ? first.path.join(".") : "body";
    return { response: problem(400, "invalid-request", `${where}: ${first.message}`) };
  }
  return { value: result.data };
}

/**
 * A union's own issue says only "Invalid input": report instead the first issue of the option the
 * body came closest to (the fewest issues, then the deepest), with its full path, so a contact's bad
 * time zone reads "contact.timezone: …" whether one contact or a batch was sent.
 */
function innermost(issue: InputIssue): InputIssue {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return issue;
  const depth = (issues: InputIssue[]) => Math.max(...issues.map((i) => i.path.length));
  const options = issue.errors.filter((issues) => issues.length > 0);
  if (options.length === 0) return issue;
  const best = [...options].sort((a, b) => a.length - b.length || depth(b) - depth(a))[0]!;
  const inner = best[0]!;
  return innermost({ ...inner, path: [...issue.path, ...inner.path] } as InputIssue);
}

/**
 * Keys no record may have: as object keys they change or break the object that holds them (a
 * `__proto__` key sets its prototype, a `constructor` key makes DynamoDB's marshaller refuse it).
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

interface Visit {
  value: unknown;
  key?: string;
  parent?: Visit;
}

/**
 * The path of the first reserved key anywhere in a parsed JSON value. A loop with parent links
 * (bodies may nest deep; a path is built only for the key found).
 */
function reservedKeyPath(root: unknown): string[] | undefined {
  const stack: Visit[] = [{ value: root }];
  for (let visit = stack.pop(); visit; visit = stack.pop()) {
    const { value } = visit;
    if (typeof value !== "object" || value === null) continue;
    const isList = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const child: Visit = { value: (value as Record<string, unknown>)[key], key, parent: visit };
      if (!isList && RESERVED_KEYS.has(key)) return pathOf(child);
      stack.push(child);
    }
  }
  return undefined;
}

function pathOf(visit: Visit): string[] {
  const path: string[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

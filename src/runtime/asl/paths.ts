// JSONPath as the compiled machines use it, compiled once per definition: `$`, `$.a.b` (the state
// data) and `$$.a.b` (the context object). Each reads what aws-local-stepfunctions' jsonpath-plus
// reads for such a path (an own property at every step, never below a falsy value), so the two
// executors resolve the same values; tests/unit/asl-paths.test.ts checks it against jsonpath-plus.
import { StatesRuntimeError, UnsupportedDefinitionError } from "./errors";

/** What a path reads from: the state data (or a task result), and the execution's context object. */
export type PathReader = (data: unknown, context: unknown) => unknown;

/** A dotted segment both interpreters agree on; anything else (brackets, filters, wildcards) is refused. */
const SIMPLE_PATH = /^\$\$?(\.[A-Za-z0-9_]+)*$/;

/** One step down, as jsonpath-plus takes it: an own property of a value that is not falsy (so "abc".length is 3, "".length nothing). */
function step(node: unknown, key: string): unknown {
  if (!node || !Object.hasOwn(Object(node), key)) return undefined;
  return (node as Record<string, unknown>)[key];
}

/** Compiles a path; reading one that points to no value fails the state with States.Runtime. */
export function compilePath(path: string, where: string): PathReader {
  if (!SIMPLE_PATH.test(path)) throw new UnsupportedDefinitionError(where, `the path '${path}'`);
  const fromContext = path.startsWith("$$");
  const keys = path
    .slice(fromContext ? 2 : 1)
    .split(".")
    .slice(1);
  return (data, context) => {
    let node = fromContext ? context : data;
    for (const key of keys) node = step(node, key);
    if (node === undefined)
      throw new StatesRuntimeError(`Path expression '${path}' does not point to a value`);
    return node;
  };
}

/** A Parameters or ResultSelector template, compiled: builds a fresh object on every call. */
export type Template = (data: unknown, context: unknown) => unknown;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Compiles a payload template the way aws-local-stepfunctions evaluates one: a `key.$` whose value
 * is a path becomes `key` with the value read; objects and arrays are rebuilt, other values kept.
 * Intrinsic functions (`States.Format(...)`) and `.$` keys on non-strings are outside the subset.
 */
export function compileTemplate(template: unknown, where: string): Template {
  if (Array.isArray(template)) {
    const items = template.map((item, index) => compileTemplate(item, `${where}[${index}]`));
    return (data, context) => items.map((item) => item(data, context));
  }
  if (!isPlainObject(template)) return () => template;
  const fields = Object.entries(template).map(([key, value]): [string, Template] => {
    const at = `${where}.${key}`;
    if (!key.includes(".$")) return [key, compileTemplate(value, at)];
    if (!key.endsWith(".$") || key.indexOf(".$") !== key.length - 2 || typeof value !== "string")
      throw new UnsupportedDefinitionError(at, `the key '${key}'`);
    if (!value.startsWith("$")) throw new UnsupportedDefinitionError(at, `the intrinsic function '${value}'`);
    return [key.slice(0, -2), compilePath(value, at)];
  });
  return (data, context) => {
    const built: Record<string, unknown> = {};
    for (const [key, field] of fields) built[key] = field(data, context);
    return built;
  };
}

/** aws-local-stepfunctions' deep copy of state data (undefined members kept, prototypes dropped). */
export function cloneJSON(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(cloneJSON);
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) copy[key] = cloneJSON(member);
  return copy;
}

/** Where a result goes in the state data: null keeps the input, a path sets one member, absent replaces. */
export type ResultWriter = (rawInput: unknown, result: unknown) => unknown;

function setAt(target: unknown, keys: string[], value: unknown): unknown {
  if (keys.length === 0) return value;
  const [head, ...tail] = keys as [string, ...string[]];
  const copy: Record<string, unknown> =
    typeof target === "object" && target !== null && !Array.isArray(target) ? { ...target } : {};
  const existing = copy[head];
  copy[head] = setAt(existing !== undefined ? existing : null, tail, value);
  return copy;
}

export function compileResultPath(path: string | null | undefined, where: string): ResultWriter {
  if (path === undefined) return (_, result) => result;
  if (path === null) return (rawInput) => rawInput;
  if (path === "$" || !SIMPLE_PATH.test(path) || path.startsWith("$$"))
    throw new UnsupportedDefinitionError(where, `the ResultPath '${path}'`);
  const keys = path.slice(2).split(".");
  return (rawInput, result) => {
    if (!isPlainObject(rawInput)) {
      const error = new Error("States.ResultPathMatchFailure");
      error.name = "States.ResultPathMatchFailure";
      throw error;
    }
    return setAt(rawInput, keys, result);
  };
}

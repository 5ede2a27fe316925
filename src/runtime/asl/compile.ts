// A compiled definition, checked against the ASL subset the compiler emits (src/compiler/emit/asl.ts):
// Task states on lambda:invoke(.waitForTaskToken) with Parameters, ResultSelector, ResultPath,
// TimeoutSeconds(Path), Retry, Catch, Next/End; Succeed states. Anything else is refused with
// UnsupportedDefinitionError, and the machine runner runs that definition in aws-local-stepfunctions.
import { INVOKE, INVOKE_WAIT } from "../../compiler/emit/common";
import { UnsupportedDefinitionError } from "./errors";
import { compilePath, compileResultPath, compileTemplate, type ResultWriter, type Template } from "./paths";

export interface CompiledRetrier {
  errors: string[];
  maxAttempts: number;
  /** The retrier as written: the StateRetried event carries it. */
  source: unknown;
}

export interface CompiledCatcher {
  errors: string[];
  write: ResultWriter;
  next: string;
  source: unknown;
}

export interface CompiledTask {
  type: "Task";
  parameters: Template;
  resultSelector?: Template;
  resultPath: ResultWriter;
  retry: CompiledRetrier[];
  catchers: CompiledCatcher[];
  /** Undefined: the state ends the execution. */
  next?: string;
}

export type CompiledState = CompiledTask | { type: "Succeed" };

export interface CompiledMachine {
  startAt: string;
  states: Map<string, CompiledState>;
}

type Json = Record<string, unknown>;

const MACHINE_KEYS = new Set(["Comment", "QueryLanguage", "StartAt", "States"]);
const TASK_KEYS = new Set([
  "Type",
  "Comment",
  "Resource",
  "Parameters",
  "ResultSelector",
  "ResultPath",
  "TimeoutSeconds",
  "TimeoutSecondsPath",
  "Retry",
  "Catch",
  "Next",
  "End",
]);
const RETRIER_KEYS = new Set([
  "ErrorEquals",
  "IntervalSeconds",
  "MaxAttempts",
  "BackoffRate",
  "MaxDelaySeconds",
  "JitterStrategy",
]);
const SUCCEED_KEYS = new Set(["Type", "Comment"]);
const CATCHER_KEYS = new Set(["ErrorEquals", "ResultPath", "Next"]);
/** aws-local-stepfunctions' default when a retrier gives no MaxAttempts. */
const DEFAULT_MAX_ATTEMPTS = 3;

function onlyKeys(value: unknown, allowed: Set<string>, where: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new UnsupportedDefinitionError(where, "a value that is not an object");
  for (const key of Object.keys(value))
    if (!allowed.has(key)) throw new UnsupportedDefinitionError(where, `the field ${key}`);
  return value as Json;
}

function errorList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((name) => typeof name !== "string"))
    throw new UnsupportedDefinitionError(where, "an ErrorEquals that is not a list of names");
  return value as string[];
}

function retriers(value: unknown, where: string): CompiledRetrier[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new UnsupportedDefinitionError(where, "a Retry that is not a list");
  return value.map((source, index) => {
    const at = `${where}.Retry[${index}]`;
    const retrier = onlyKeys(source, RETRIER_KEYS, at);
    const maxAttempts = retrier.MaxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || (maxAttempts as number) < 0)
      throw new UnsupportedDefinitionError(at, "a MaxAttempts that is not a whole number");
    return { errors: errorList(retrier.ErrorEquals, at), maxAttempts: maxAttempts as number, source };
  });
}

function catchers(value: unknown, where: string, states: Json): CompiledCatcher[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new UnsupportedDefinitionError(where, "a Catch that is not a list");
  return value.map((source, index) => {
    const at = `${where}.Catch[${index}]`;
    const catcher = onlyKeys(source, CATCHER_KEYS, at);
    return {
      errors: errorList(catcher.ErrorEquals, at),
      write: compileResultPath(catcher.ResultPath as string | null | undefined, `${at}.ResultPath`),
      next: target(catcher.Next, states, at),
      source,
    };
  });
}

function target(next: unknown, states: Json, where: string): string {
  if (typeof next !== "string" || !Object.hasOwn(states, next))
    throw new UnsupportedDefinitionError(where, `a Next to no state (${String(next)})`);
  return next;
}

function compileTask(state: Json, where: string, states: Json): CompiledTask {
  if (state.Resource !== INVOKE && state.Resource !== INVOKE_WAIT)
    throw new UnsupportedDefinitionError(where, `the Resource ${String(state.Resource)}`);
  if (typeof state.Parameters !== "object" || state.Parameters === null)
    throw new UnsupportedDefinitionError(where, "a Task without Parameters");
  if (state.TimeoutSecondsPath !== undefined)
    compilePath(String(state.TimeoutSecondsPath), `${where}.TimeoutSecondsPath`);
  if ((state.End === true) === (state.Next !== undefined))
    throw new UnsupportedDefinitionError(where, "a Task without exactly one of Next and End: true");
  return {
    type: "Task",
    parameters: compileTemplate(state.Parameters, `${where}.Parameters`),
    ...(state.ResultSelector !== undefined
      ? { resultSelector: compileTemplate(state.ResultSelector, `${where}.ResultSelector`) }
      : {}),
    resultPath: compileResultPath(state.ResultPath as string | null | undefined, `${where}.ResultPath`),
    retry: retriers(state.Retry, where),
    catchers: catchers(state.Catch, where, states),
    ...(state.Next !== undefined ? { next: target(state.Next, states, where) } : {}),
  };
}

function compileState(value: unknown, where: string, states: Json): CompiledState {
  const state = onlyKeys(value, TASK_KEYS, where);
  if (state.Type === "Task") return compileTask(state, where, states);
  if (state.Type !== "Succeed")
    throw new UnsupportedDefinitionError(where, `the state type ${String(state.Type)}`);
  onlyKeys(state, SUCCEED_KEYS, where);
  return { type: "Succeed" };
}

/** Checks the definition is inside the subset and compiles its paths and templates; throws UnsupportedDefinitionError. */
export function compileMachine(definition: unknown): CompiledMachine {
  const machine = onlyKeys(definition, MACHINE_KEYS, "the definition");
  if (machine.QueryLanguage !== undefined && machine.QueryLanguage !== "JSONPath")
    throw new UnsupportedDefinitionError(
      "the definition",
      `the QueryLanguage ${String(machine.QueryLanguage)}`,
    );
  if (typeof machine.States !== "object" || machine.States === null)
    throw new UnsupportedDefinitionError("the definition", "States that are not an object");
  const states = machine.States as Json;
  const compiled = new Map<string, CompiledState>();
  for (const [name, value] of Object.entries(states))
    compiled.set(name, compileState(value, `state '${name}'`, states));
  return { startAt: target(machine.StartAt, states, "StartAt"), states: compiled };
}

/**
 * The one parser of the read API's query parameters (docs/http-api.md, "Read API"): periods,
 * pages, workflows, and which parameters a route takes. Each answers the value, or the 400
 * `{ error: "invalid-request", reason }` naming the parameter and what it takes.
 */
import type { Catalog } from "../../core/catalog";
import { InvalidCursorError } from "../../core/errors";
import type { Workflow } from "../../core/language";
import type { DayRange } from "../../core/reports/report-types";
import { marketerWorkflows } from "../../core/smoke";
import { type HttpRequest, type HttpResponse, json, problem } from "./types";

/** A parsed value, or the answer that refuses the request. */
export type Parsed<T> = { value: T } | { response: HttpResponse };

/** The first refusal among parsed parameters, else their values. */
export function parseAll<T extends Record<string, Parsed<unknown>>>(
  parsed: T,
): { values: Values<T> } | { response: HttpResponse } {
  const values: Record<string, unknown> = {};
  for (const [name, result] of Object.entries(parsed)) {
    if ("response" in result) return result;
    values[name] = result.value;
  }
  return { values: values as Values<T> };
}

/** The default period: the last 30 days, today included. */
export const DEFAULT_PERIOD_DAYS = 30;
/** The longest period a report covers, both ends included. */
export const MAX_PERIOD_DAYS = 366;
/** Pages of contacts: 25 unless `limit` says otherwise, at most 100. */
export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
/** A cursor as the API gives them (letters, digits, `-` and `_`). */
const CURSOR = /^[A-Za-z0-9_-]{1,2000}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export const invalid = (reason: string): { response: HttpResponse } => ({
  response: problem(400, "invalid-request", reason),
});

/** 400 for a parameter the route does not take (a typo would otherwise be ignored silently). */
export function unknownParameter(request: HttpRequest, takes: readonly string[]): HttpResponse | undefined {
  const unknown = Object.keys(request.query).find((name) => !takes.includes(name));
  if (unknown === undefined) return undefined;
  const known = takes.length ? `it takes ${takes.join(", ")}` : "it takes none";
  return invalid(`unknown parameter '${unknown.slice(0, 64)}': ${known}`).response;
}

/** The UTC day of `text`: a day (2026-03-02) or an ISO time; undefined when it is neither. */
function dayOf(text: string): string | undefined {
  const time = DAY.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
  if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}(T|$)/.test(text)) return undefined;
  const day = new Date(time).toISOString().slice(0, 10);
  // 2026-02-30 parses as 2026-03-02: a day that is not in the calendar is refused.
  return DAY.test(text) && day !== text ? undefined : day;
}

const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * `from` and `to` (whole UTC days, both included): by default the last 30 days ending today; with
 * one end only, 30 days from or to it; never more than MAX_PERIOD_DAYS, never `to` before `from`.
 */
export function parsePeriod(request: HttpRequest, now: Date): Parsed<DayRange> {
  const ends: Record<"from" | "to", string | undefined> = { from: undefined, to: undefined };
  for (const name of ["from", "to"] as const) {
    const text = request.query[name];
    if (text === undefined) continue;
    ends[name] = dayOf(text);
    if (ends[name] === undefined)
      return invalid(
        `${name} is a day (2026-03-02) or an ISO time (2026-03-02T09:00:00Z), not '${text.slice(0, 64)}'`,
      );
  }
  const to =
    ends.to ?? (ends.from ? shift(ends.from, DEFAULT_PERIOD_DAYS - 1) : now.toISOString().slice(0, 10));
  const from = ends.from ?? shift(to, 1 - DEFAULT_PERIOD_DAYS);
  if (to < from) return invalid(`to (${to}) is before from (${from})`);
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days > MAX_PERIOD_DAYS)
    return invalid(`from ${from} to ${to} is ${days} days: a period is at most ${MAX_PERIOD_DAYS} days`);
  return { value: { from, to } };
}

/** `limit` (1 to `max`, `fallback` when absent) and `cursor` (as the API gave it). */
export function parsePage(
  request: HttpRequest,
  bounds: { fallback: number; max: number } = { fallback: DEFAULT_LIMIT, max: MAX_LIMIT },
): Parsed<{ limit: number; cursor?: string }> {
  const { limit: text, cursor } = request.query;
  const limit = text === undefined ? bounds.fallback : Number(text);
  if (!/^\d{1,4}$/.test(text ?? "1") || !Number.isInteger(limit) || limit < 1 || limit > bounds.max)
    return invalid(`limit is a whole number from 1 to ${bounds.max}`);
  if (cursor !== undefined && !CURSOR.test(cursor))
    return invalid("cursor is the `cursor` of the page before, as the API gave it");
  return { value: { limit, ...(cursor !== undefined ? { cursor } : {}) } };
}

/** `name`, required to be one of `choices` (or absent when `fallback` is given). */
export function parseChoice<T extends string>(
  request: HttpRequest,
  name: string,
  choices: readonly T[],
  fallback?: T,
): Parsed<T> {
  const text = request.query[name];
  if (text === undefined && fallback !== undefined) return { value: fallback };
  if (text === undefined) return invalid(`${name} is required: one of ${choices.join(", ")}`);
  if (!(choices as readonly string[]).includes(text))
    return invalid(`${name} '${text.slice(0, 64)}' is not one of ${choices.join(", ")}`);
  return { value: text as T };
}

/** `workflow`, required: a deployed campaign or sequence. */
export function parseWorkflow(request: HttpRequest, catalog: Pick<Catalog, "workflows">): Parsed<Workflow> {
  const id = request.query.workflow;
  const known = marketerWorkflows(catalog.workflows.values())
    .map((workflow) => workflow.id)
    .sort();
  const workflow = id === undefined ? undefined : catalog.workflows.get(id);
  if (workflow) return { value: workflow };
  const which = id === undefined ? "workflow is required" : `no workflow '${id.slice(0, 64)}'`;
  return invalid(`${which}: one of ${known.join(", ") || "(none deployed)"}`);
}

/** An optional text parameter of at most `max` characters (an id, a stage, an address). */
export function parseText(request: HttpRequest, name: string, max = 256): Parsed<string | undefined> {
  const text = request.query[name];
  if (text !== undefined && (text.length === 0 || text.length > max))
    return invalid(`${name} has 1 to ${max} characters`);
  return { value: text };
}

/** `owner`: an owner id of settings.owners (required when `required`). */
export function parseOwner(
  request: HttpRequest,
  catalog: Pick<Catalog, "settings">,
  options: { required: boolean },
): Parsed<string | undefined> {
  const owner = request.query.owner;
  const ids = catalog.settings.owners.map((o) => o.id);
  const listed = `settings.owners has ${ids.join(", ") || "no owners"}`;
  if (owner === undefined)
    return options.required ? invalid(`owner is required: ${listed}`) : { value: undefined };
  if (!ids.includes(owner)) return invalid(`owner '${owner.slice(0, 64)}' is not an owner id: ${listed}`);
  return { value: owner };
}

type Values<T> = { [K in keyof T]: T[K] extends Parsed<infer V> ? V : never };

/**
 * A read route's answer: 400 for a parameter it does not take (`takes`) or the first refused one,
 * else 200 with what `run` makes of the values (400 when it finds the cursor is not one of its list).
 */
export async function answerWith<T extends Record<string, Parsed<unknown>>>(
  request: HttpRequest,
  takes: readonly string[],
  parsed: T,
  run: (values: Values<T>) => Promise<unknown>,
): Promise<HttpResponse> {
  const refused = unknownParameter(request, takes);
  if (refused) return refused;
  const all = parseAll(parsed);
  if ("response" in all) return all.response;
  try {
    return json(200, await run(all.values));
  } catch (error) {
    if (error instanceof InvalidCursorError)
      return invalid(`cursor: ${error.message}; start again without one`).response;
    throw error;
  }
}

import { resolveSendWindow } from "../../compiler/emit/email";
import type { Catalog } from "../../core/engine/deps";
import { durationSeconds, isTimeZone, toSeconds } from "../../core/language";
import { windowZone } from "../../core/send-window-time";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A scenario moment ("3d" or "P3DT1H" from the start, or an ISO timestamp) in ms since the epoch. */
export function momentMillis(start: number, moment: string): number {
  const seconds = durationSeconds(moment);
  return seconds === undefined ? Date.parse(moment) : start + seconds * 1000;
}

/** A duration ("2d", "PT4H", "0m") in ms; 0 when absent. */
export function durationMillis(duration: string | undefined): number {
  return duration === undefined ? 0 : toSeconds(duration) * 1000;
}

/** "+2d10h", "+45m", "+0m", "-1h": how long after the scenario's start. */
export function offset(start: number, at: number): string {
  const sign = at < start ? "-" : "+";
  let rest = Math.round(Math.abs(at - start) / MINUTE) * MINUTE;
  const days = Math.floor(rest / DAY);
  rest -= days * DAY;
  const hours = Math.floor(rest / HOUR);
  const minutes = Math.round((rest - hours * HOUR) / MINUTE);
  const parts = [days ? `${days}d` : "", hours ? `${hours}h` : "", minutes ? `${minutes}m` : ""].join("");
  return `${sign}${parts || "0m"}`;
}

const WEEKDAY = new Intl.DateTimeFormat("en-US", { weekday: "short", timeZone: "UTC" });

/** "2026-03-03T00:00Z Tue +10h": a virtual time, readable, relative to the start. */
export function when(start: number, at: number): string {
  const date = new Date(at);
  const iso = date.toISOString();
  const seconds = iso.slice(16, 19) === ":00" ? "" : iso.slice(16, 19);
  return `${iso.slice(0, 16)}${seconds}Z ${WEEKDAY.format(date)} ${offset(start, at)}`;
}

/** "Tue 09:00 Asia/Tokyo": the same time on the contact's own clock. */
export function localTime(at: number, timeZone: string): string {
  try {
    const parts = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(new Date(at));
    const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
    return `${get("weekday")} ${get("hour")}:${get("minute")} ${timeZone}`;
  } catch {
    return timeZone;
  }
}

/**
 * The zone a contact read an email in: its own zone, else the zone the email's send window falls
 * back to (the window's fixed zone, its fallbackTimezone, else the settings' defaultTimezone).
 */
export function emailZone(catalog: Catalog, contactZone: string | undefined, ref: StepRef): string {
  if (contactZone && isTimeZone(contactZone)) return contactZone;
  const settings = catalog.settings;
  const workflow = catalog.workflows.get(ref.workflowId);
  const step = workflow?.steps.find((candidate) => candidate.id === ref.stepId);
  const window =
    workflow && step?.type === "email"
      ? resolveSendWindow(step, { workflow, settings, target: String })
      : null;
  return window ? windowZone(window, undefined, settings.defaultTimezone) : settings.defaultTimezone;
}

export interface StepRef {
  workflowId: string;
  stepId: string;
}

/** Resolves "<workflow>/<step>" or a step id that is unique among the deployed workflows. */
export function resolveStep(catalog: Catalog, ref: string): StepRef | undefined {
  if (ref.includes("/")) {
    const [workflowId, stepId] = ref.split("/", 2) as [string, string];
    const workflow = catalog.workflows.get(workflowId);
    return workflow?.steps.some((step) => step.id === stepId) ? { workflowId, stepId } : undefined;
  }
  const owners = [...catalog.workflows.values()].filter((workflow) =>
    workflow.steps.some((step) => step.id === ref),
  );
  return owners.length === 1 ? { workflowId: owners[0]!.id, stepId: ref } : undefined;
}

export function stepName(ref: StepRef): string {
  return `${ref.workflowId}/${ref.stepId}`;
}

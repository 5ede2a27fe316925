import { ErrorNames } from "../core/errors";
import { placeholder } from "../core/step-lambdas";
import type { State, StateMachine } from "./emit/asl";
import { INVOKE_WAIT } from "./emit/common";

/** One way through a machine when nothing interrupts it: the states it enters, in order. */
export interface PathCost {
  states: string[];
  transitions: number;
  emails: number;
}

export interface PathOptions {
  /**
   * Also follow the stretch route of every email that keeps a pause (its Next, entered only when
   * the handler stretched the pause to the next send window or send-rate second). Without it, a
   * pause always runs its nominal length (States.Timeout), as it does when the next email fits.
   */
  stretched?: boolean;
  /** Stop after this many paths (default 10,000). */
  limit?: number;
}

/** An email state that keeps the pause after it on its token (folded-waits.ts): its Next is the stretch route. */
function isEmailWithPause(state: State): boolean {
  return (
    state.Type === "Task" &&
    state.Resource === INVOKE_WAIT &&
    state.Parameters.FunctionName === placeholder("sendEmail")
  );
}

/** Where a state may go when nothing interrupts: Next, a pause running its course, a branch's routes. */
function ordinarySuccessors(state: State, { stretched }: PathOptions): string[] {
  if (state.Type !== "Task") return [];
  const out = state.Next && (stretched || !isEmailWithPause(state)) ? [state.Next] : [];
  for (const c of state.Catch ?? []) {
    if (c.ErrorEquals.some((e) => e === ErrorNames.Timeout || e.startsWith(ErrorNames.GotoPrefix)))
      out.push(c.Next);
  }
  return [...new Set(out)];
}

function isEmail(state: State): boolean {
  if (state.Type !== "Task") return false;
  const payload = state.Parameters.Payload as { step?: { type?: string } } | undefined;
  return payload?.step?.type === "email";
}

/**
 * Every uninterrupted path from StartAt to an end, with its state transitions (Step Functions bills
 * one per state entered) and the emails it sends. Send-window holds are not on these paths: an
 * email due inside its window goes straight out. With `stretched`, the paths where pauses after
 * emails are stretched (each either way) are counted too.
 */
export function uninterruptedPaths(machine: StateMachine, options: PathOptions = {}): PathCost[] {
  const limit = options.limit ?? 10_000;
  const paths: PathCost[] = [];
  const walk = (name: string, trail: string[], emails: number) => {
    if (paths.length >= limit) return;
    const state = machine.States[name];
    if (!state) throw new Error(`state '${name}' does not exist`);
    if (trail.includes(name)) throw new Error(`loop through '${name}' on an uninterrupted path`);
    const here = [...trail, name];
    const sent = emails + (isEmail(state) ? 1 : 0);
    const next = ordinarySuccessors(state, options);
    if (next.length === 0) paths.push({ states: here, transitions: here.length, emails: sent });
    for (const n of next) walk(n, here, sent);
  };
  walk(machine.StartAt, [], 0);
  return paths;
}

// What the executions of a run went through, read from their event logs (what Step Functions keeps
// in an execution's history): the states each entered, in order. The transition sections
// (bench/transitions.ts) count from it why an email cost more than one transition:
// - a hold: an entry of a state named `<email>: hold` (the email came due outside its send window
//   or over the send rate, and waited for its slot in a state of its own);
// - a stretch: an entry of a folded email's `Next`, right after that email (the email's own pause
//   did not reach the window's next slot, so the wait state after it runs to the slot).
import type { StateMachine } from "../src/compiler/emit/asl";
import { FUNCTIONS } from "../src/core/step-lambdas";

/** The states of one machine a tally looks for. */
export interface StateRoles {
  /** States that hold an email for its slot (`<email>: hold`). */
  holds: ReadonlySet<string>;
  /** A folded email (it sends, then pauses on its token) -> its Next, the stretch route. */
  stretchRoutes: ReadonlyMap<string, string>;
}

export interface HistoryTally {
  executions: number;
  /** States entered, over every execution tallied (Step Functions bills one transition each). */
  entered: number;
  holds: number;
  stretched: number;
}

const HOLD_SUFFIX = ": hold";
const SEND_EMAIL = `\${${FUNCTIONS.sendEmail}}`;

export function stateRoles(machine: StateMachine): StateRoles {
  const holds = new Set<string>();
  const stretchRoutes = new Map<string, string>();
  for (const [name, state] of Object.entries(machine.States)) {
    if (name.endsWith(HOLD_SUFFIX)) holds.add(name);
    if (state.Type !== "Task" || !state.Next) continue;
    const folded =
      state.Resource.endsWith(".waitForTaskToken") && state.Parameters.FunctionName === SEND_EMAIL;
    if (folded) stretchRoutes.set(name, state.Next);
  }
  return { holds, stretchRoutes };
}

/** Holds and stretches in one execution's states entered, in order. */
export function tallyHistory(
  roles: StateRoles,
  entered: readonly string[],
): Pick<HistoryTally, "holds" | "stretched"> {
  let holds = 0;
  let stretched = 0;
  entered.forEach((state, i) => {
    if (roles.holds.has(state)) holds++;
    const previous = i > 0 ? entered[i - 1]! : undefined;
    if (previous !== undefined && roles.stretchRoutes.get(previous) === state) stretched++;
  });
  return { holds, stretched };
}

/** An execution of a run: its name (the event logs' key) and the workflow whose machine it runs. */
export interface ExecutionOfRun {
  name: string;
  workflowId: string;
}

/** Records the states every execution enters; `observe` is the runtime's onExecutionEvent. */
export class StateHistories {
  private readonly entered = new Map<string, string[]>();

  readonly observe = (executionName: string, event: unknown): void => {
    const logged = event as { type?: string; state?: { name?: string } };
    if (logged.type !== "StateEntered" || logged.state?.name === undefined) return;
    const states = this.entered.get(executionName);
    if (states) states.push(logged.state.name);
    else this.entered.set(executionName, [logged.state.name]);
  };

  /** Executions seen so far. */
  get size(): number {
    return this.entered.size;
  }

  /** The tally of `executions`, each read against its workflow's machine in `machines`. */
  tally(executions: Iterable<ExecutionOfRun>, machines: ReadonlyMap<string, StateMachine>): HistoryTally {
    const roles = new Map<string, StateRoles>();
    const total: HistoryTally = { executions: 0, entered: 0, holds: 0, stretched: 0 };
    for (const execution of executions) {
      const machine = machines.get(execution.workflowId);
      if (!machine) throw new Error(`no machine for workflow ${execution.workflowId}`);
      let machineRoles = roles.get(execution.workflowId);
      if (!machineRoles) {
        machineRoles = stateRoles(machine);
        roles.set(execution.workflowId, machineRoles);
      }
      const entered = this.entered.get(execution.name) ?? [];
      const { holds, stretched } = tallyHistory(machineRoles, entered);
      total.executions++;
      total.entered += entered.length;
      total.holds += holds;
      total.stretched += stretched;
    }
    return total;
  }
}

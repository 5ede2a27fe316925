// Section 2: AWS cost per 1,000 contacts of each sample workflow, Handoff's compiled shape against
// the naive one (bench/naive.ts). Handoff's figures are counted: contacts walk the whole workflow
// without engaging, in the local runtime, and its meters count transitions, Lambda invocations,
// DynamoDB units and SES sends (bench/counted-usage.ts). The naive machine cannot run (its handlers
// do not exist): its transitions and Lambda calls are those of its longest path plus what the
// counted run spent beyond Handoff's static path (send-window holds), its DynamoDB and SES use are
// taken equal to Handoff's (the same records and emails). Both assumptions favour the naive shape.
import { compileWorkflow } from "../src/compiler/compile";
import type { StateMachine } from "../src/compiler/emit/asl";
import { loadWorkspace } from "../src/compiler/load";
import { uninterruptedPaths } from "../src/compiler/transitions";
import { type CostBreakdown, costOf, PRICES } from "../src/runtime/prices";
import { countedUsage, gbSeconds, type PerContact } from "./counted-usage";
import { compileNaive, naivePath } from "./naive";
import { mapSpread, type Spread, timeSync } from "./stats";

export type Dollars = CostBreakdown & { orchestration: number };

export interface WorkflowCost {
  workflow: string;
  states: number;
  compileMs: Spread;
  /** Handoff's longest uninterrupted path in its compiled machine (static, no send-window holds). */
  path: { transitions: number; emails: number; lambdas: number };
  naivePath: { states: number; transitions: number; emails: number; lambdas: number };
  /** Counted in the local runtime, per contact (the enrollment's API call included). */
  ours: PerContact;
  /** The naive shape's, per contact, from its path and the assumptions above. */
  naive: PerContact;
  contactsRun: number;
  oursPer1000: Dollars;
  naivePer1000: Dollars;
  /** Handoff's orchestration cost (Step Functions + Lambda + DynamoDB) as a share of the naive one's. */
  orchestrationShareOfNaive: number;
}

function per1000(use: PerContact): Dollars {
  const cost = costOf({ ...use, lambdaSeconds: use.lambdaGbSeconds / PRICES.lambdaMemoryGb });
  const thousand = (dollars: number) => dollars * 1000;
  return {
    stepFunctions: thousand(cost.stepFunctions),
    lambda: thousand(cost.lambda),
    dynamodb: thousand(cost.dynamodb),
    ses: thousand(cost.ses),
    total: thousand(cost.total),
    orchestration: thousand(cost.stepFunctions + cost.lambda + cost.dynamodb),
  };
}

function lambdasOn(machine: StateMachine, states: string[]): number {
  return states.filter((state) => machine.States[state]?.Type === "Task").length;
}

/** Compiles per run of `timeSync` (a single compile takes well under a millisecond). */
const COMPILES_PER_RUN = 50;

export async function workflowCosts(contacts: number, runs: number): Promise<WorkflowCost[]> {
  const workspace = loadWorkspace();
  const settings = workspace.settings[0]!.value;
  const out: WorkflowCost[] = [];
  for (const { value } of workspace.workflows) {
    const definition = compileWorkflow(value, settings);
    const worst = uninterruptedPaths(definition).reduce((a, b) => (b.transitions > a.transitions ? b : a));
    const path = {
      transitions: worst.transitions,
      emails: worst.emails,
      lambdas: lambdasOn(definition, worst.states),
    };
    const naiveMachine = compileNaive(value, settings);
    const naive = naivePath(naiveMachine);
    const ours = await countedUsage(value.id, contacts);
    // What the counted run has beyond the static path (send-window holds: a pause and the send
    // again) would cost the naive shape as much: it needs a wait and a retry too.
    const extraTransitions = Math.max(0, ours.stateTransitions - path.transitions);
    const extraLambdas = Math.max(0, ours.lambdaInvocations - (path.lambdas + 1));
    // The naive machine's Lambda calls on its path, plus the same enrollment API call as ours.
    const naiveLambdas = naive.lambdas + 1 + extraLambdas;
    const naiveUse: PerContact = {
      ...ours,
      stateTransitions: naive.transitions + extraTransitions,
      lambdaInvocations: naiveLambdas,
      lambdaGbSeconds: gbSeconds(naiveLambdas),
    };
    const oursPer1000 = per1000(ours);
    const naivePer1000 = per1000(naiveUse);
    const compile = timeSync(() => {
      for (let i = 0; i < COMPILES_PER_RUN; i++) compileWorkflow(value, settings);
    }, runs);
    out.push({
      workflow: value.id,
      states: Object.keys(definition.States).length,
      compileMs: mapSpread(compile, (ms) => ms / COMPILES_PER_RUN),
      path,
      naivePath: { states: Object.keys(naiveMachine.States).length, ...naive },
      ours,
      naive: naiveUse,
      contactsRun: contacts,
      oursPer1000,
      naivePer1000,
      orchestrationShareOfNaive: oursPer1000.orchestration / naivePer1000.orchestration,
    });
  }
  return out;
}

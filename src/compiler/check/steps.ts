import type { Step, Workflow } from "../../core/language";
import { edges, reachable } from "../graph";
import type { ParsedFile } from "../parse/parse-file";
import type { LostPaths } from "../parse/repair";
import { didYouMean } from "../suggest";
import { error, pointer, type Violation } from "../violation";

/** The steps of one file, their ids, and what a repair (parse/repair.ts) left unknown about them. */
interface StepGraph {
  file: string;
  steps: readonly Step[];
  /** Step id → index of the first step with that id. */
  firstIndex: Map<string, number>;
  /** False when a step id the schema refused may be the target meant. */
  idsKnown: boolean;
  lost: LostPaths | undefined;
}

const at = (i: number, field?: string) => pointer(field ? ["steps", i, field] : ["steps", i]);

function duplicateIds({ file, steps, firstIndex }: StepGraph): Violation[] {
  const out: Violation[] = [];
  steps.forEach((step, i) => {
    const earlier = firstIndex.get(step.id)!;
    if (earlier !== i)
      out.push(
        error(
          file,
          at(i, "id"),
          "duplicate-step-id",
          `steps ${earlier + 1} and ${i + 1} are both called '${step.id}': give each step its own id`,
        ),
      );
  });
  return out;
}

/** next/then/else/variants targets that do not exist or do not lie ahead; `broken` when any. */
function jumps({ file, steps, firstIndex, idsKnown }: StepGraph): {
  violations: Violation[];
  broken: boolean;
} {
  const violations: Violation[] = [];
  let broken = false;
  const ids = [...firstIndex.keys()];
  steps.forEach((step, i) => {
    for (const edge of edges(steps, i)) {
      if (edge.field.length === 0 || edge.to === undefined) continue;
      const path = pointer(["steps", i, ...edge.field]);
      const target = firstIndex.get(edge.to);
      const field = edge.field.filter((f) => typeof f === "string").join(".");
      if (target !== undefined && target > i) continue;
      broken = true;
      if (target === undefined && idsKnown) {
        const hint = didYouMean(edge.to, ids);
        const message = `step '${step.id}' jumps (${field}) to '${edge.to}', which does not exist${hint}`;
        violations.push(error(file, path, "unknown-step", message));
      } else if (target !== undefined) {
        const why = target === i ? "itself" : `'${edge.to}', which comes before it`;
        const message = `step '${step.id}' jumps (${field}) to ${why}: steps may only jump forward (loops are not allowed); reorder the steps or use a later one`;
        violations.push(error(file, path, "backward-jump", message));
      }
    }
  });
  return { violations, broken };
}

function replies({ file, steps, firstIndex, idsKnown, lost }: StepGraph): Violation[] {
  const out: Violation[] = [];
  const emails = [...firstIndex.keys()].filter((id) => steps[firstIndex.get(id)!]!.type === "email");
  steps.forEach((step, i) => {
    if (step.type !== "email" || step.replyTo === undefined) return;
    const target = firstIndex.get(step.replyTo);
    const path = at(i, "replyTo");
    if (target === undefined) {
      if (idsKnown) {
        const message = `step '${step.id}' replies to '${step.replyTo}', which does not exist${didYouMean(step.replyTo, emails)}`;
        out.push(error(file, path, "unknown-step", message));
      }
    } else if (!lost?.covers(at(target, "type")) && (target >= i || steps[target]!.type !== "email")) {
      const message = `step '${step.id}' replies to '${step.replyTo}', which is not an earlier email step: replyTo names an email sent before this one`;
      out.push(error(file, path, "invalid-reply-to", message));
    }
  });
  return out;
}

function splitWeights({ file, steps, lost }: StepGraph): Violation[] {
  const out: Violation[] = [];
  steps.forEach((step, i) => {
    if (step.type !== "split" || lost?.touches(at(i, "variants"))) return;
    const total = step.variants.reduce((sum, v) => sum + v.weight, 0);
    if (total !== 100) {
      const message = `the weights of split '${step.id}' add up to ${total}; they must add up to 100`;
      out.push(error(file, at(i, "variants"), "split-weights", message));
    }
  });
  return out;
}

function unreachable({ file, steps }: StepGraph): Violation[] {
  const seen = reachable(steps);
  return steps.flatMap((step, i) =>
    seen.has(i)
      ? []
      : [
          error(
            file,
            at(i),
            "unreachable-step",
            `no path leads to step '${step.id}': a step above jumps past it; remove it or point a next/then/else at it`,
          ),
        ],
  );
}

/** Step graph checks: unique ids, targets that exist and lie ahead, reachability, replyTo, split weights. */
export function checkSteps({ file, value, lost }: ParsedFile<Workflow>): Violation[] {
  const steps = value.steps;
  const firstIndex = new Map<string, number>();
  steps.forEach((step, i) => {
    if (!firstIndex.has(step.id)) firstIndex.set(step.id, i);
  });
  const idsKnown = !lost?.dropsFrom("/steps") && !steps.some((_, i) => lost?.covers(at(i, "id")));
  const graph: StepGraph = { file, steps, firstIndex, idsKnown, lost };
  const jumped = jumps(graph);
  // A lost type or target leaves the paths unknown: no step is then called unreachable.
  const graphKnown =
    idsKnown &&
    !jumped.broken &&
    steps.every((_, i) =>
      ["type", "next", "then", "else", "variants"].every((f) => !lost?.touches(at(i, f))),
    );
  return [
    ...duplicateIds(graph),
    ...jumped.violations,
    ...replies(graph),
    ...splitWeights(graph),
    ...(graphKnown ? unreachable(graph) : []),
  ];
}

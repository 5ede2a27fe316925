import type { Workflow } from "../../core/language";
import { edges, reachable } from "../graph";
import type { ParsedFile } from "../parse/parse-file";
import { didYouMean } from "../suggest";
import { error, pointer, type Violation } from "../violation";

/** Step graph checks: unique ids, targets that exist and lie ahead, reachability, replyTo, split weights. */
export function checkSteps({ file, value }: ParsedFile<Workflow>): Violation[] {
  const out: Violation[] = [];
  const steps = value.steps;
  const firstIndex = new Map<string, number>();
  steps.forEach((step, i) => {
    const earlier = firstIndex.get(step.id);
    if (earlier === undefined) firstIndex.set(step.id, i);
    else {
      out.push(
        error(
          file,
          pointer(["steps", i, "id"]),
          "duplicate-step-id",
          `steps ${earlier + 1} and ${i + 1} are both called '${step.id}': give each step its own id`,
        ),
      );
    }
  });
  const ids = [...firstIndex.keys()];
  let brokenGraph = false;
  steps.forEach((step, i) => {
    for (const edge of edges(steps, i)) {
      if (edge.field.length === 0 || edge.to === undefined) continue;
      const path = pointer(["steps", i, ...edge.field]);
      const target = firstIndex.get(edge.to);
      const field = edge.field.filter((f) => typeof f === "string").join(".");
      if (target === undefined) {
        brokenGraph = true;
        out.push(
          error(
            file,
            path,
            "unknown-step",
            `step '${step.id}' jumps (${field}) to '${edge.to}', which does not exist${didYouMean(edge.to, ids)}`,
          ),
        );
      } else if (target <= i) {
        brokenGraph = true;
        const why = target === i ? "itself" : `'${edge.to}', which comes before it`;
        out.push(
          error(
            file,
            path,
            "backward-jump",
            `step '${step.id}' jumps (${field}) to ${why}: steps may only jump forward (loops are not allowed); reorder the steps or use a later one`,
          ),
        );
      }
    }
    if (step.type === "email" && step.replyTo !== undefined) {
      const target = firstIndex.get(step.replyTo);
      const path = pointer(["steps", i, "replyTo"]);
      if (target === undefined) {
        out.push(
          error(
            file,
            path,
            "unknown-step",
            `step '${step.id}' replies to '${step.replyTo}', which does not exist${didYouMean(
              step.replyTo,
              ids.filter((id) => steps[firstIndex.get(id)!]!.type === "email"),
            )}`,
          ),
        );
      } else if (target >= i || steps[target]!.type !== "email") {
        out.push(
          error(
            file,
            path,
            "invalid-reply-to",
            `step '${step.id}' replies to '${step.replyTo}', which is not an earlier email step: replyTo names an email sent before this one`,
          ),
        );
      }
    }
    if (step.type === "split") {
      const total = step.variants.reduce((sum, v) => sum + v.weight, 0);
      if (total !== 100) {
        out.push(
          error(
            file,
            pointer(["steps", i, "variants"]),
            "split-weights",
            `the weights of split '${step.id}' add up to ${total}; they must add up to 100`,
          ),
        );
      }
    }
  });
  if (!brokenGraph) {
    const seen = reachable(steps);
    steps.forEach((step, i) => {
      if (!seen.has(i)) {
        out.push(
          error(
            file,
            pointer(["steps", i]),
            "unreachable-step",
            `no path leads to step '${step.id}': a step above jumps past it; remove it or point a next/then/else at it`,
          ),
        );
      }
    });
  }
  return out;
}

import type { Step } from "../core/language";

/** An edge of a workflow: from a step to the step it may go to, and the field that says so. */
export interface Edge {
  /** Target step id, or undefined for the end of the workflow. */
  to: string | undefined;
  /** Path of the field inside the step (["next"], ["variants", 1, "next"]); [] for falling through. */
  field: Array<string | number>;
}

/** Where a step may lead. Steps fall through to the one below unless they name a target. */
export function edges(steps: readonly Step[], index: number): Edge[] {
  const step = steps[index]!;
  const below: Edge = { to: steps[index + 1]?.id, field: [] };
  switch (step.type) {
    case "branch":
      return [
        { to: step.then, field: ["then"] },
        { to: step.else, field: ["else"] },
      ];
    case "split":
      return step.variants.map((variant, i) => ({ to: variant.next, field: ["variants", i, "next"] }));
    case "waitFor":
      return [
        step.then === undefined ? below : { to: step.then, field: ["then"] },
        step.else === undefined ? below : { to: step.else, field: ["else"] },
      ];
    default:
      return [step.next === undefined ? below : { to: step.next, field: ["next"] }];
  }
}

/** Indexes of the steps reachable from the first one (a repeated id resolves to its first step). */
export function reachable(steps: readonly Step[]): Set<number> {
  const index = new Map<string, number>();
  steps.forEach((step, i) => {
    if (!index.has(step.id)) index.set(step.id, i);
  });
  const seen = new Set<number>();
  const queue = steps.length ? [0] : [];
  while (queue.length) {
    const i = queue.pop()!;
    if (seen.has(i)) continue;
    seen.add(i);
    for (const edge of edges(steps, i)) {
      const j = edge.field.length === 0 ? i + 1 : edge.to === undefined ? undefined : index.get(edge.to);
      if (j !== undefined && j > i && j < steps.length) queue.push(j);
    }
  }
  return seen;
}

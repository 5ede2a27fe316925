import { gotoError } from "../../core/errors";
import type { BranchStep, SplitStep } from "../../core/language";
import type { Catcher, State } from "./asl";
import { basePayload, type EmitContext, interruptCatchers, lambdaTask, routeOn } from "./common";

/**
 * Branch and split in one state: the decide handler returns for the first target and throws
 * Handoff.Goto.<step> for any other, which a catcher routes. One transition instead of a task
 * plus a Choice.
 */
function decide(
  step: BranchStep | SplitStep,
  targets: string[],
  config: Record<string, unknown>,
  ctx: EmitContext,
): Record<string, State> {
  const [first, ...others] = targets;
  const routes: Catcher[] = [...new Set(others)]
    .filter((t) => t !== first)
    .map((t) => routeOn([gotoError(t)], t));
  return {
    [step.id]: lambdaTask({
      fn: "decide",
      comment: step.type === "branch" ? `Branch: ${targets.join(" or ")}` : `Split: ${targets.join(", ")}`,
      payload: { ...basePayload(ctx.workflow), step: { id: step.id, type: step.type, ...config } },
      catchers: [...interruptCatchers(ctx.workflow), ...routes],
      next: first!,
    }),
  };
}

export function emitBranch(step: BranchStep, ctx: EmitContext): Record<string, State> {
  const targets = [ctx.target(step.then), ctx.target(step.else)];
  return decide(step, targets, { if: step.if, then: targets[0], else: targets[1] }, ctx);
}

export function emitSplit(step: SplitStep, ctx: EmitContext): Record<string, State> {
  const variants = step.variants.map((v) => ({
    weight: v.weight,
    next: ctx.target(v.next),
    ...(v.name ? { name: v.name } : {}),
  }));
  return decide(
    step,
    variants.map((v) => v.next),
    { variants },
    ctx,
  );
}

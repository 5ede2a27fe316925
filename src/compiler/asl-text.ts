import type { StateMachine } from "./emit/asl";

/** The canonical text of a compiled machine: what `handoff compile` prints and the fixtures hold. */
export function aslText(definition: StateMachine): string {
  return `${JSON.stringify(definition, null, 2)}\n`;
}

/**
 * asl-validator on every compiled machine, remembered: a definition it accepted once is not checked
 * again, in this process (a map) nor in the next (a marker file named by the definition's hash in
 * the system's temporary folder). asl-validator builds a new Ajv and compiles its schemas on every
 * call (about 115 ms a machine on a 2-core laptop), which was most of `handoff test`'s start.
 * Only acceptances are remembered: a definition it refuses is checked, and refused, every time.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import validateAsl from "asl-validator";
import type { StateMachine } from "./emit/asl";

/** The validator's version is part of every key: a new asl-validator checks everything anew. */
const VALIDATOR_VERSION: string = createRequire(import.meta.url)("asl-validator/package.json").version;
const MARKERS = join(tmpdir(), `handoff-valid-asl-${VALIDATOR_VERSION}`);
const acceptedHere = new Set<string>();

/** Thrown when the compiler emitted a definition that is not valid Amazon States Language. */
export class InvalidAslError extends Error {
  override readonly name = "InvalidAslError";
}

/** Checks that a definition is valid Amazon States Language; throws with asl-validator's findings. */
export function assertValidAsl(id: string, definition: StateMachine): void {
  const key = createHash("sha256").update(JSON.stringify(definition)).digest("hex");
  const marker = join(MARKERS, key);
  if (acceptedHere.has(key) || existsSync(marker)) return;
  const { isValid, errorsText } = validateAsl(structuredClone(definition), {
    checkArn: true,
    checkPaths: true,
  });
  if (!isValid) throw new InvalidAslError(`compiled machine '${id}' is not valid ASL: ${errorsText("; ")}`);
  acceptedHere.add(key);
  remember(marker);
}

/** A marker that cannot be written (a read-only temporary folder) only costs the next run a check. */
function remember(marker: string): void {
  try {
    mkdirSync(MARKERS, { recursive: true });
    writeFileSync(marker, "");
  } catch {
    // the check passed; remembering it is an optimisation
  }
}

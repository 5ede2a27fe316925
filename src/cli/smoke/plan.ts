/**
 * One smoke run's names: its run id, and the contact each check enrolls (id and SES mailbox
 * simulator address). Contact ids start with the run id, so a run's contacts are told from any
 * other's; every address is at the simulator (src/core/smoke.ts), so no person is ever emailed.
 */
import { randomBytes } from "node:crypto";
import { SES_SIMULATOR_DOMAIN, type SimulatorOutcome } from "../../core/smoke";

/** The checks of a run, in the order they are reported (docs/deploy.md, "Smoke test"). */
export const SMOKE_CHECK_IDS = [
  "delivery",
  "bounce",
  "complaint",
  "suppression-list",
  "out-of-office",
  "interrupt",
  "handoff",
  "links",
  "reply",
  "erasure",
] as const;
export type SmokeCheckId = (typeof SMOKE_CHECK_IDS)[number];

export interface SmokeRun {
  /** `handoff-smoke-<utc stamp>-<4 random>`, e.g. handoff-smoke-20260302T101500Z-a1b2. */
  id: string;
  /** The stamp and the random part in lower case: the `+label` of the run's addresses. */
  label: string;
}

export interface SmokeContact {
  id: string;
  email: string;
}

/** A new run at `now`: the stamp to the second, and 4 random hex against two runs in one second. */
export function newSmokeRun(
  now: Date = new Date(),
  random: string = randomBytes(2).toString("hex"),
): SmokeRun {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return { id: `handoff-smoke-${stamp}-${random}`, label: `${stamp.toLowerCase()}-${random}` };
}

/**
 * The contact of `check` (`part` tells a check's second contact apart) at the simulator address
 * giving `outcome`. The address's label leaves out the run id's `handoff-smoke-` prefix: a local
 * part has at most 64 characters, and `suppressionlist+…-suppression-list` needs most of them.
 */
export function smokeContact(
  run: SmokeRun,
  check: SmokeCheckId,
  outcome: SimulatorOutcome,
  part?: string,
): SmokeContact {
  const name = part ? `${check}-${part}` : check;
  return { id: `${run.id}-${name}`, email: `${outcome}+${run.label}-${name}@${SES_SIMULATOR_DOMAIN}` };
}

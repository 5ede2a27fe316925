/**
 * The simulated sales reps' answers to handed-off leads (settings.sla), drawn from the handoff's
 * own seeded stream so a run is the same for the same seed: most accept within a few hours, some
 * accept only after the deadline (a miss, then the next owner's accept), some reject with a
 * reason, and the rest never answer (a miss).
 */
import type { Sla } from "../../core/language";
import { Random } from "./random";

const HOUR = 3_600_000;

/** How the reps answer, in the order drawn: the rest never answer. */
export const REP_ANSWERS = { inTime: 0.7, late: 0.1, reject: 0.1 } as const;
export const REJECT_REASONS = ["no budget", "not a fit", "bad timing", "student or personal use"] as const;

export interface RepAnswer {
  /** ms after the handoff. */
  after: number;
  path: string;
  body: { by: string; reason?: string };
}

/** The owner's answer to the lead handed off as `enrollmentId`, or undefined (no SLA, or no answer). */
export function repAnswer(
  sla: Sla | undefined,
  { seed, contactId, enrollmentId }: { seed: number; contactId: string; enrollmentId: string },
): RepAnswer | undefined {
  if (!sla) return undefined;
  const random = Random.for(seed, contactId, "lead-answer", enrollmentId);
  const roll = random.next();
  const path = (answer: string) => `/leads/${encodeURIComponent(contactId)}/${answer}`;
  const by = "simulated-rep";
  if (roll < REP_ANSWERS.inTime)
    return { after: random.between(0.1, 3.5) * HOUR, path: path("accept"), body: { by } };
  if (roll < REP_ANSWERS.inTime + REP_ANSWERS.late)
    return { after: random.between(5, 30) * HOUR, path: path("accept"), body: { by } };
  if (roll < REP_ANSWERS.inTime + REP_ANSWERS.late + REP_ANSWERS.reject) {
    const reason = REJECT_REASONS[Math.floor(random.between(0, REJECT_REASONS.length))]!;
    return { after: random.between(0.25, 6) * HOUR, path: path("reject"), body: { by, reason } };
  }
  return undefined;
}

/**
 * Enrollment ids are `<workflowId>.<seq>`: unique per contact, and with the contact id unique
 * everywhere. Workflow ids are kebab-case (no dots), so the id splits at its last dot.
 */
const MAX_SEQ = 999_999;

export function isValidSeq(seq: number): boolean {
  return Number.isInteger(seq) && seq >= 1 && seq <= MAX_SEQ;
}

export const enrollmentId = (workflowId: string, seq: number) => `${workflowId}.${seq}`;

/** Splits an enrollment id at its last dot; undefined when it is not `<workflowId>.<seq>`. */
export function parseEnrollmentId(id: string): { workflowId: string; seq: number } | undefined {
  const dot = id.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const digits = id.slice(dot + 1);
  if (!/^[1-9]\d*$/.test(digits)) return undefined;
  const seq = Number(digits);
  return isValidSeq(seq) ? { workflowId: id.slice(0, dot), seq } : undefined;
}

/** Throws unless the enrollment's id is `<workflowId>.<seq>` with a seq of 1..999999. */
export function assertEnrollmentId(enrollment: { id: string; workflowId: string; seq: number }): void {
  if (!isValidSeq(enrollment.seq)) throw new Error(`enrollment seq must be 1..999999, got ${enrollment.seq}`);
  const expected = enrollmentId(enrollment.workflowId, enrollment.seq);
  if (enrollment.id !== expected) throw new Error(`enrollment id must be ${expected}, got ${enrollment.id}`);
}

/** A rep task's id: one task per (enrollment, task step), named after the execution (no personal data). */
export const repTaskId = (enrollment: { executionName: string }, stepId: string) =>
  `${enrollment.executionName}.${stepId}`;

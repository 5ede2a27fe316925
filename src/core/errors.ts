/**
 * Error names shared by the handlers (which throw them) and the compiled state machines (whose
 * Retry and Catch match on them). Change a name here and both sides follow.
 */
export const ErrorNames = {
  /** A handoff rule fired: the drip ends and the contact moves to sales. */
  InterruptHandoff: "Handoff.Interrupt.Handoff",
  /** exitWhen fired, or the contact unsubscribed, bounced or complained: the enrollment ends. */
  InterruptExit: "Handoff.Interrupt.Exit",
  /** A sequence's stopWhen fired (a reply, a booked meeting). */
  InterruptStop: "Handoff.Interrupt.Stop",
  /** An email came due outside its send window: the machine holds it until the window opens. */
  SendWindowClosed: "Handoff.SendWindowClosed",
  /** A failure worth retrying (throttling, a timeout): the machine retries with backoff and jitter. */
  Transient: "Handoff.Transient",
  /** Prefix of the routing signal of branch and split steps: `Handoff.Goto.<step id>`. */
  GotoPrefix: "Handoff.Goto.",
  /** Step Functions' own name for a task that ran past its TimeoutSeconds (a pause that ran its course). */
  Timeout: "States.Timeout",
} as const;

/** The error name that sends a branch or split to `stepId`. */
export function gotoError(stepId: string): string {
  return `${ErrorNames.GotoPrefix}${stepId}`;
}

/** Lambda service errors that Step Functions reports and that are worth retrying. */
export const TRANSIENT_ERRORS = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
  "Lambda.Unknown",
  "Sandbox.Timedout",
  ErrorNames.Transient,
] as const;

/** Base of Handoff's typed errors: `name` is what Step Functions matches on. */
export class HandoffError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export type InterruptKind = "handoff" | "exit" | "stop";

/** Ends the enrollment's current step and routes the machine to its handoff, exit or stop state. */
export class InterruptError extends HandoffError {
  constructor(
    readonly kind: InterruptKind,
    readonly reason: string,
  ) {
    const names = {
      handoff: ErrorNames.InterruptHandoff,
      exit: ErrorNames.InterruptExit,
      stop: ErrorNames.InterruptStop,
    };
    super(names[kind], reason);
  }
}

/** Thrown by the send handler when an email is due outside its window; `seconds` until it opens. */
export class SendWindowClosedError extends HandoffError {
  constructor(readonly seconds: number) {
    super(ErrorNames.SendWindowClosed, `send window closed; opens in ${seconds} s`);
  }
}

/** Thrown by the decide handler to route a branch or split to a target other than its first. */
export class GotoSignal extends HandoffError {
  constructor(readonly stepId: string) {
    super(gotoError(stepId), `go to ${stepId}`);
  }
}

/** A failure worth retrying. */
export class TransientError extends HandoffError {
  constructor(message: string) {
    super(ErrorNames.Transient, message);
  }
}

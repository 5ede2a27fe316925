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
  /** The workflow's goal became true: the contact leaves as converted. */
  InterruptConvert: "Handoff.Interrupt.Convert",
  /** An email came due outside its send window: the machine holds it until the window opens. */
  SendWindowClosed: "Handoff.SendWindowClosed",
  /**
   * The send rate's current second is full (or SES answered that it throttles): the machine holds
   * the email (plan hold, hold, send again) until a second with room, reserved by the plan.
   */
  SendPaced: "Handoff.SendPaced",
  /** A failure worth retrying (throttling, a timeout): the machine retries with backoff and jitter. */
  Transient: "Handoff.Transient",
  /** SES refused to send because sending is paused (account or configuration set): retried for hours, then failed. */
  SendingPaused: "Handoff.SendingPaused",
  /** A send the provider refused for good (rejected message, suspended account): not retried; the enrollment fails. */
  PermanentSendError: "Handoff.PermanentSendError",
  /** An email's sender did not render to an address (a `from` with owner.* for a contact without an owner): not retried; the enrollment fails with the reason, and a redrive resumes it once fixed. */
  InvalidSender: "Handoff.InvalidSender",
  /** Prefix of the routing signal of branch and split steps: `Handoff.Goto.<step id>`. */
  GotoPrefix: "Handoff.Goto.",
  /** Step Functions' own name for a task that ran past its TimeoutSeconds (a pause that ran its course). */
  Timeout: "States.Timeout",
} as const;

/** The error name that sends a branch or split to `stepId`. */
export function gotoError(stepId: string): string {
  return `${ErrorNames.GotoPrefix}${stepId}`;
}

/**
 * Errors worth retrying: Lambda service faults and timeouts as Step Functions reports them, the
 * AWS SDK's throttling errors that a handler lets through (their name is what Step Functions sees),
 * and Handoff's own TransientError. None of them can cause a second send: the ledger sees to that.
 */
export const TRANSIENT_ERRORS = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
  "Lambda.Unknown",
  "Sandbox.Timedout",
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  ErrorNames.Transient,
] as const;

/** Base of Handoff's typed errors: `name` is what Step Functions matches on. */
export class HandoffError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export type InterruptKind = "handoff" | "exit" | "stop" | "convert";

/** Ends the enrollment's current step and routes the machine to its handoff, exit, stop or converted state. */
export class InterruptError extends HandoffError {
  constructor(
    readonly kind: InterruptKind,
    readonly reason: string,
  ) {
    const names = {
      handoff: ErrorNames.InterruptHandoff,
      exit: ErrorNames.InterruptExit,
      stop: ErrorNames.InterruptStop,
      convert: ErrorNames.InterruptConvert,
    };
    super(names[kind], reason);
  }
}

/**
 * A step of an execution whose contact no longer exists (erased): an exit, so the machine ends in
 * its Exited state. The cause is "erased": ids only, as it stays in the execution history.
 */
export class ContactGoneError extends InterruptError {
  constructor() {
    super("exit", "erased");
  }
}

/** Thrown by the send handler when an email is due outside its window; `seconds` until it opens. */
export class SendWindowClosedError extends HandoffError {
  constructor(readonly seconds: number) {
    super(ErrorNames.SendWindowClosed, `send window closed; opens in ${seconds} s`);
  }
}

/**
 * Thrown by the send handler when the email may not enter SES in this second: the second already
 * holds the stage's send rate, or SES throttled it. Nothing was sent. The machine cannot read an
 * error's fields (its Cause is a string, formatted differently by Lambda and the local runner), so
 * the plan-hold task works out the wait itself, by reserving a second with room.
 */
export class SendPacedError extends HandoffError {
  constructor(reason: string) {
    super(ErrorNames.SendPaced, reason);
  }
}

/** Thrown by the decide handler to route a branch or split to a target other than its first. */
export class GotoSignal extends HandoffError {
  constructor(readonly stepId: string) {
    super(gotoError(stepId), `go to ${stepId}`);
  }
}

/** The sender of an email did not render to an address: nothing is sent, the step fails with the reason. */
export class InvalidSenderError extends HandoffError {
  constructor(message: string) {
    super(ErrorNames.InvalidSender, message);
  }
}

/** A failure worth retrying. */
export class TransientError extends HandoffError {
  constructor(message: string) {
    super(ErrorNames.Transient, message);
  }
}

/** SES is not sending for the account or configuration set: retried for hours, then a redrive resumes. */
export class SendingPausedError extends HandoffError {
  constructor(message: string) {
    super(ErrorNames.SendingPaused, message);
  }
}

/**
 * A mark an adapter puts on a provider's error (a non-enumerable `true` property), and the test for
 * it: the use cases read what the error means without knowing the provider's error classes.
 */
function errorMark(property: string) {
  return {
    mark<E extends Error>(error: E): E {
      Object.defineProperty(error, property, { value: true, enumerable: false });
      return error;
    },
    has(error: unknown): boolean {
      return (
        typeof error === "object" && error !== null && (error as Record<string, unknown>)[property] === true
      );
    },
  };
}

/**
 * Marks an error of a provider that answered and refused the email (throttled, paused, rejected):
 * it was certainly not sent, so its ledger claim is released and a retry may send it. Errors
 * without the mark (a timeout, a lost connection, a crash) may hide an accepted email: the claim
 * stays and no retry sends it again.
 */
export const markNotSent = errorMark("notSent").mark;
export const wasNotSent = errorMark("notSent").has;

/**
 * The task tracker (Asana) refused a request for good (a bad token, a project or user it does not
 * know, a malformed request): retrying will not help until the settings or the secret are fixed.
 * Its failures worth retrying (429, 5xx, no answer) are TransientError.
 */
export class TrackerRefusedError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "TrackerRefusedError";
  }
}

/** A page cursor the store did not make (or made for another list): the caller's mistake, a 400. */
export class InvalidCursorError extends Error {
  constructor(message = "the cursor is not one this list gave out") {
    super(message);
    this.name = "InvalidCursorError";
  }
}

/** A record larger than DynamoDB's 400 KB item limit: nothing was stored; the caller's mistake, a 4xx. */
export class ItemTooLargeError extends Error {
  constructor(what: string) {
    super(`${what} is larger than DynamoDB's 400 KB item limit`);
    this.name = "ItemTooLargeError";
  }
}

/** The API keys' secret cannot be read (HANDOFF_API_KEYS): the message names the entry and the fix. */
export class InvalidApiKeysError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidApiKeysError";
  }
}

/**
 * Marks a provider's error as throttling (SES: too many requests, the maximum send rate exceeded):
 * a paced machine holds the email for a reserved second instead of retrying it for minutes.
 */
export const markThrottled = errorMark("throttled").mark;
export const wasThrottled = errorMark("throttled").has;

/**
 * catalog.json cannot be read, is not JSON, or is not the shape this code reads (src/core/catalog.ts):
 * thrown at cold start, naming the file, the place in it and what is wrong.
 */
export class InvalidCatalogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidCatalogError";
  }
}

/**
 * The secrets bound to a function cannot be read at cold start (stacks/runtime/secret-env.ts): no
 * value in SSM for the stage nor a fallback, SSM refused, or no credentials. The function does not
 * start: the message names the secrets or the refusal.
 */
export class SecretsUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretsUnavailableError";
  }
}

/**
 * S3 refused a call on the raw mail of replies for good (access denied, a bucket that does not
 * exist) or the function has no credentials (status 0): the message names the call, the object and
 * S3's answer. Throttling, 5xx and no answer after the retries are TransientError instead.
 */
export class RawMailRefusedError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "RawMailRefusedError";
  }
}

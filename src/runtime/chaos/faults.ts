import { markThrottled, TransientError } from "../../core/errors";
import { Random } from "../simulate/random";

/** The faults `handoff simulate --chaos RATE` injects, each at RATE per chance to happen. */
export const FAULT_KINDS = [
  /** A store call fails as DynamoDB throttling does once the SDK's own retries are spent. */
  "dynamodb.throttle",
  /** SES answers TooManyRequestsException (nothing sent). */
  "ses.throttle",
  /** SES answers SendingPausedException (nothing sent). */
  "ses.paused",
  /** SES accepts the email, then the handler dies before it records the message id. */
  "ses.crashAfterAccept",
  /** The Lambda times out: before doing anything, or after doing everything but answering. */
  "lambda.timeout",
  /** An SES event is delivered twice (EventBridge delivers at least once). */
  "event.duplicate",
  /** An SES event arrives hours late, after events that happened later. */
  "event.late",
  /** An interrupt (a reply) lands at the very instant a pause ends. */
  "pause.racingInterrupt",
  /** The contact unsubscribes while their email is being sent. */
  "send.unsubscribe",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface ChaosOptions {
  /** Probability, from 0 to 1, that each fault happens at each chance it has. */
  rate: number;
  seed: number;
  /**
   * Test-only: false switches the send ledger off (every claim wins, no ledger is read), to show
   * that the duplicate-send invariant catches what the ledger prevents.
   */
  ledger?: boolean;
}

/** Rolls the dice for every fault and counts what it injected. */
export class Faults {
  readonly injected = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  private readonly random: Random;

  constructor(readonly options: ChaosOptions) {
    if (!(options.rate >= 0 && options.rate <= 1)) throw new Error("the chaos rate is a number from 0 to 1");
    this.random = Random.for(options.seed, "chaos");
  }

  get ledger(): boolean {
    return this.options.ledger !== false;
  }

  roll(kind: FaultKind): boolean {
    if (this.options.rate === 0 || !this.random.chance(this.options.rate)) return false;
    this.injected[kind]++;
    return true;
  }

  coin(): boolean {
    return this.random.chance(0.5);
  }

  between(min: number, max: number): number {
    return this.random.between(min, max);
  }
}

/** An error named as the AWS SDK or Step Functions names it (what Retry matches on). */
export function namedError(name: string, message: string): Error {
  const error = new Error(`${message} (injected)`);
  error.name = name;
  return error;
}

export const throttled = () =>
  namedError("ProvisionedThroughputExceededException", "DynamoDB: the request rate is too large");
/** What SesMailer makes of SES's TooManyRequestsException: transient, marked as throttling. */
export const sesThrottled = () =>
  markThrottled(
    new TransientError(
      "SES SendEmail failed: TooManyRequestsException: Maximum sending rate exceeded (injected)",
    ),
  );
export const lambdaTimedOut = () => namedError("Sandbox.Timedout", "Task timed out after 30.00 seconds");
export const lambdaCrashed = () =>
  namedError("Lambda.Unknown", "The function's process exited after SES accepted the email");

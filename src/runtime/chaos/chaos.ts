import { route } from "../../adapters/http/router";
import { receiveReply } from "../../core/engine/replies";
import type { ContactStore, OutboundEmail } from "../../core/ports";
import type { FunctionKey } from "../../core/step-lambdas";
import type { LocalRuntime, RuntimeDecorators } from "../local-runtime";
import { meterInvocation } from "../meters";
import { type DeliveryPolicy, reliably } from "../simulate/delivery";
import { oneClickUnsubscribe } from "../simulate/email-links";
import { type ChaosOptions, Faults } from "./faults";
import { chaosHandler, chaosMailer, chaosStore, pauseDeadline } from "./inject";
import { checkInvariants, type InvariantReport } from "./invariants";
import { Monitor } from "./monitor";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Tries of a one-click unsubscribe POST by the mail client before it gives up. */
const ATTEMPTS = 20;
/**
 * A delivered action (an event, an entry) is retried as EventBridge's default retry policy does:
 * up to 185 attempts within 24 hours, then the dead-letter queue. Waits double from 1 minute to
 * at most 7, so the 185th comes about 21 hours after the first. (It was 20 attempts over 15 hours:
 * a first entry that also joins an account makes some 40 store calls, each failing at the chaos
 * rate, and one such entry used up 20 attempts when the fast executor interleaved executions
 * differently; EventBridge would still have been retrying it.)
 */
const DELIVERY_ATTEMPTS = 185;
const LONGEST_RETRY_WAIT_MINUTES = 7;

export interface ChaosSummary {
  rate: number;
  seed: number;
  ledger: boolean;
  /** How many of each fault were injected. */
  injected: Record<string, number>;
  /** Actions given up on after every retry (a dead-letter queue in AWS). */
  deadLetters: number;
}

/**
 * One chaos run: the faults, what the monitor saw, and the ways into the runtime (its decorators)
 * and the simulated world (a delivery policy with duplicates, late events and retries).
 */
export class Chaos {
  readonly faults: Faults;
  readonly monitor = new Monitor();
  private raw?: ContactStore;
  private attached?: LocalRuntime;

  constructor(options: ChaosOptions) {
    this.faults = new Faults(options);
  }

  decorators(): RuntimeDecorators {
    const injection = { faults: this.faults, monitor: this.monitor };
    return {
      store: (store) => {
        this.raw = store;
        return chaosStore(store, injection);
      },
      mailer: (mailer) =>
        chaosMailer(mailer, { ...injection, unsubscribe: (email) => this.unsubscribe(email) }),
      handler: (key, handler) =>
        chaosHandler(key, handler, { ...injection, paused: (k, event) => this.paused(k, event) }),
    };
  }

  /** The store without faults, for reading figures after the run. */
  get store(): ContactStore | undefined {
    return this.raw;
  }

  attach(runtime: LocalRuntime): void {
    this.attached = runtime;
  }

  policy(): DeliveryPolicy {
    const { faults, monitor } = this;
    return {
      sesDeliveries: () => {
        const late = faults.roll("event.late") ? faults.between(1, 48) * HOUR : 0;
        return faults.roll("event.duplicate") ? [late, late + faults.between(1, 120) * MINUTE] : [late];
      },
      retryDelay: (attempt) =>
        attempt >= DELIVERY_ATTEMPTS
          ? undefined
          : Math.min(2 ** (attempt - 1), LONGEST_RETRY_WAIT_MINUTES) * MINUTE,
      deadLetter: (what, error) => monitor.deadLetters.push(`${what}: ${error.name}: ${error.message}`),
      observe: (event) => monitor.deliveredEvent(event),
    };
  }

  /** The contact clicks the one-click unsubscribe while their email is on its way to SES. */
  private async unsubscribe(email: OutboundEmail): Promise<void> {
    const runtime = this.runtime();
    const request = oneClickUnsubscribe(email);
    if (!request) return;
    // The mail client retries a failed one-click POST; a throttled write fails it.
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        const response = await meterInvocation(runtime.usage, "api", () => route(runtime.http(), request));
        if (response.status < 500) return;
      } catch {
        // retried
      }
    }
    this.monitor.deadLetters.push(`unsubscribe of ${email.tags.contact} during its send`);
  }

  /** A pause just began: maybe a reply lands at the very instant it ends. */
  private paused(key: FunctionKey, event: unknown): void {
    const runtime = this.runtime();
    const deadline = pauseDeadline(key, event, runtime.clock.millis());
    if (deadline === undefined || !this.faults.roll("pause.racingInterrupt")) return;
    const contactId = (event as { contactId: string }).contactId;
    const replyTo = this.monitor.replyTo.get(contactId);
    if (!replyTo) return;
    // One message, received at the pause's end: a retry is SES's redelivery of it, at the same time.
    const at = new Date(deadline).toISOString();
    const reply = () =>
      meterInvocation(runtime.usage, "inbound", () =>
        receiveReply(runtime.deps, {
          messageId: `inbound-race-${contactId}-${deadline}`,
          at,
          recipients: [replyTo],
          subject: "Re: your email",
          headers: [],
        }),
      );
    const what = "a reply racing a pause's end";
    runtime.schedule(deadline, reliably(reply, { runtime, policy: this.policy(), what }));
  }

  async check(contactIds: string[]): Promise<InvariantReport> {
    const runtime = this.runtime();
    return checkInvariants({
      store: this.raw ?? runtime.deps.store,
      catalog: runtime.deps.catalog,
      monitor: this.monitor,
      executions: runtime.executions.values(),
      contactIds,
    });
  }

  summary(): ChaosSummary {
    return {
      rate: this.faults.options.rate,
      seed: this.faults.options.seed,
      ledger: this.faults.ledger,
      injected: { ...this.faults.injected },
      deadLetters: this.monitor.deadLetters.length,
    };
  }

  private runtime(): LocalRuntime {
    if (!this.attached) throw new Error("the chaos run is not attached to a runtime");
    return this.attached;
  }
}

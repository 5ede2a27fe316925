import type { StepHandler } from "../../core/engine/step-handlers";
import { markNotSent, SendingPausedError } from "../../core/errors";
import type { ContactStore, Mailer, OutboundEmail } from "../../core/ports";
import type { FunctionKey } from "../../core/step-lambdas";
import { aroundMethods } from "../around-methods";
import { type Faults, lambdaCrashed, lambdaTimedOut, sesThrottled, throttled } from "./faults";
import type { Monitor } from "./monitor";

/** What every injection point shares: the dice of the run, and the monitor that sees what happened. */
export interface Injection {
  faults: Faults;
  monitor: Monitor;
}

/**
 * The store as a throttled DynamoDB behaves: any call may fail before it does anything. It also
 * tells the monitor when a contact's consent is first withdrawn (the write that makes every later
 * step see it). With the ledger switched off (test only), the email step's claims all win and it
 * sees no ledger entry: what the duplicate-send invariant must catch.
 */
export function chaosStore(store: ContactStore, { faults, monitor }: Injection): ContactStore {
  return aroundMethods(store, async (name, args, call) => {
    if (faults.roll("dynamodb.throttle")) throw throttled();
    const result = await call();
    noteWithdrawal(monitor, name, args);
    const sending = monitor.invocation.getStore()?.key === "sendEmail";
    return faults.ledger || !sending ? result : withoutLedger(name, args, result);
  });
}

function noteWithdrawal(monitor: Monitor, name: string, args: unknown[]): void {
  if (name === "setConsent" && (args[1] as { status?: string }).status === "unsubscribed")
    monitor.withdraw(args[0] as string);
  else if (name === "withdrawConsent") monitor.withdraw(args[0] as string);
  else if (name === "suppress") monitor.withdraw((args[0] as { contactId?: string }).contactId);
  else if (name === "updateContact" && (args[1] as { suppressed?: string }).suppressed)
    monitor.withdraw(args[0] as string);
}

function withoutLedger(name: string, args: unknown[], result: unknown): unknown {
  if (name === "claimSend") return { claimed: true, record: args[0] };
  if (name === "getContactView" && result) return { ...(result as object), sends: [] };
  return result;
}

/**
 * SES as it fails: throttled or paused before sending (the error says nothing was sent), or
 * accepting the email and then losing the handler that sent it. `unsubscribe` is called when the
 * contact unsubscribes while their email is on its way.
 */
export function chaosMailer(
  mailer: Mailer,
  { faults, monitor, unsubscribe }: Injection & { unsubscribe: (email: OutboundEmail) => Promise<void> },
): Mailer {
  return {
    async send(email) {
      if (faults.roll("ses.throttle")) throw markNotSent(sesThrottled());
      if (faults.roll("ses.paused"))
        throw markNotSent(new SendingPausedError("SES SendEmail failed: SendingPausedException (injected)"));
      const racing = faults.roll("send.unsubscribe") ? unsubscribe(email) : undefined;
      const sent = await mailer.send(email);
      monitor.sent(email.tags);
      if (email.replyTo && email.tags.contact) monitor.replyTo.set(email.tags.contact, email.replyTo);
      await racing;
      if (faults.roll("ses.crashAfterAccept")) throw lambdaCrashed();
      return sent;
    },
  };
}

/** When a pause or rep task that just began ends, from its payload (virtual ms), if it is one. */
export function pauseDeadline(key: FunctionKey, event: unknown, now: number): number | undefined {
  const payload = event as {
    mode?: string;
    step?: { type?: string; seconds?: number };
    hold?: { seconds?: number };
    pause?: { seconds?: number };
  };
  if ((key !== "pause" && key !== "task") || payload.mode === "plan") return undefined;
  const seconds =
    payload.step?.type === "hold" ? payload.hold?.seconds : (payload.pause?.seconds ?? payload.step?.seconds);
  return seconds ? now + seconds * 1000 : undefined;
}

/**
 * A Lambda that may time out, before doing anything or after doing everything but answering; each
 * invocation runs in the monitor's context, so the sends it makes know when it began.
 */
export function chaosHandler(
  key: FunctionKey,
  handler: StepHandler,
  { faults, monitor, paused }: Injection & { paused: (key: FunctionKey, event: unknown) => void },
): StepHandler {
  return (event) =>
    monitor.invocation.run({ startedAt: monitor.tick(), key }, async () => {
      if (faults.roll("lambda.timeout")) {
        if (faults.coin()) throw lambdaTimedOut();
        await handler(event);
        throw lambdaTimedOut();
      }
      const result = await handler(event);
      paused(key, event);
      return result;
    });
}

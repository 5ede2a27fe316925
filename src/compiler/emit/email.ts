import type { PauseAfter } from "../../core/engine/payloads";
import { ErrorNames } from "../../core/errors";
import type { EmailStep, SendWindow } from "../../core/language";
import { emailSendWindow } from "../../core/send-window-time";
import { senderOf } from "../senders";
import type { State } from "./asl";
import {
  basePayload,
  type EmitContext,
  interruptCatchers,
  lambdaTask,
  RETRY_SENDING_PAUSED,
  routeOn,
  tokenWait,
} from "./common";
import { completion } from "./terminal";

/**
 * Where the hold's length lives. Interpreters differ on whether TimeoutSecondsPath reads the raw
 * state input or the input after Parameters; "$.Payload.hold.seconds" is the same value in both.
 */
const HOLD_SECONDS = "$.Payload.hold.seconds";
/** The second the plan reserved under the send rate (0: none), passed on to the hold. */
const HOLD_SLOT = "$.Payload.hold.slot";

/** The send window that applies to an email: its own, else the workflow's, else the settings' default. */
export function resolveSendWindow(step: EmailStep, ctx: EmitContext): SendWindow | null {
  return emailSendWindow(step, ctx.workflow, ctx.settings);
}

/** The names of the two states that hold an email. */
const planName = (step: EmailStep) => `${step.id}: plan hold`;
const holdName = (step: EmailStep) => `${step.id}: hold`;

/**
 * How long to hold an email: the plan task says (until its send window opens, when it has one, and
 * a second under the send rate has room) and reserves that second.
 */
function planHold(step: EmailStep, sendWindow: SendWindow | null, ctx: EmitContext): State {
  return lambdaTask({
    fn: "pause",
    comment: `How long to hold '${step.id}': ${sendWindow ? "until its send window opens and " : "until "}a second under the send rate has room`,
    payload: {
      ...basePayload(ctx.workflow),
      mode: "plan",
      step: { id: step.id, type: "hold", ...(sendWindow ? { sendWindow } : {}) },
    },
    resultSelector: { hold: { "seconds.$": "$.Payload.seconds", "slot.$": "$.Payload.slot" } },
    resultPath: "$.Payload",
    catchers: interruptCatchers(ctx.workflow),
    next: holdName(step),
  });
}

/** The hold itself: an interruptible pause until the reserved second, then the send again. */
function hold(step: EmailStep, ctx: EmitContext): State {
  return tokenWait({
    fn: "pause",
    comment: `Hold '${step.id}' until its reserved second; ends early on an interrupt`,
    workflow: ctx.workflow,
    payload: {
      step: { id: step.id, type: "hold" },
      hold: { "seconds.$": HOLD_SECONDS, "slot.$": HOLD_SLOT },
    },
    timeout: { timeoutSecondsPath: HOLD_SECONDS },
    onTimeout: step.id,
    next: step.id,
  });
}

/** The pause an email state keeps on its token after sending, and where the state goes after it (folded-waits.ts). */
export interface EmailPause {
  pauseAfter: PauseAfter;
  /** Where States.Timeout goes: the pause ran its nominal length (the ordinary route). */
  onTimeout: string;
  /** Where the token's success goes: the wait's own state, entered only when the handler stretched the pause. */
  next: string;
}

/**
 * How the email state ends. Plain: one lambda:invoke that sends and goes on to `next`. With a pause
 * (the wait after it, or the settle, folded in): a `.waitForTaskToken` task that sends, then sleeps
 * `pauseAfter.seconds` on its token (TimeoutSeconds: States.Timeout is the ordinary route on); the
 * handler succeeds the token with `{ pause: { seconds, slot } }` only to stretch the pause, and that
 * output goes to `$.Payload` for the wait's own state to read (common.ts PAUSE_SECONDS).
 */
function sendEnding(next: string | undefined, pause: EmailPause | undefined) {
  // With a pause, Next is the stretch route; without one, no next ends the execution (the handler completes).
  if (!pause) return next === undefined ? {} : { next };
  return {
    waitForToken: true,
    timeoutSeconds: pause.pauseAfter.seconds,
    resultPath: "$.Payload",
    next: pause.next,
  };
}

/** What the email state's comment says of the pause it keeps. */
function pauseComment({ kind, stepId, seconds }: PauseAfter): string {
  return kind === "wait"
    ? `, then pause ${seconds} s for '${stepId}' (stretched there when the next email would not fit)`
    : `, then stay open ${seconds} s (settle); then complete`;
}

/**
 * An email step: one task that renders and sends (1 transition), and keeps the pause after it when
 * the wait (or the settle) after it is folded in. When the email comes due outside its send window
 * the handler throws SendWindowClosed; when the send rate's current second is full, or SES
 * throttles it, SendPaced. Either way two extra states hold it: a plan task that says how long (and
 * reserves a second under the send rate), then an interruptible pause, then the send again.
 */
export function emitEmail(
  step: EmailStep,
  next: string | undefined,
  ctx: EmitContext,
  pause?: EmailPause,
): Record<string, State> {
  const sendWindow = resolveSendWindow(step, ctx);
  const payloadStep = {
    id: step.id,
    type: "email",
    template: step.template,
    subject: step.subject,
    from: senderOf(step, ctx.workflow, ctx.settings),
    ...(step.replyTo ? { replyTo: step.replyTo } : {}),
    ...(step.preheader ? { preheader: step.preheader } : {}),
    sendWindow,
  };
  const send = lambdaTask({
    fn: "sendEmail",
    comment: `Send '${step.template}'${step.description ? `: ${step.description}` : ""}${pause ? pauseComment(pause.pauseAfter) : ""}`,
    payload: {
      ...basePayload(ctx.workflow),
      step: payloadStep,
      ...(next === undefined ? completion(ctx.workflow) : {}),
      paced: true,
      ...(pause ? { pauseAfter: pause.pauseAfter } : {}),
    },
    retry: [RETRY_SENDING_PAUSED],
    catchers: [
      ...interruptCatchers(ctx.workflow),
      routeOn([...(sendWindow ? [ErrorNames.SendWindowClosed] : []), ErrorNames.SendPaced], planName(step)),
      ...(pause ? [routeOn([ErrorNames.Timeout], pause.onTimeout)] : []),
    ],
    ...sendEnding(next, pause),
  });
  return {
    [step.id]: send,
    [planName(step)]: planHold(step, sendWindow, ctx),
    [holdName(step)]: hold(step, ctx),
  };
}

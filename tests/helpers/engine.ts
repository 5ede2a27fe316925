import { DynamoDbContactStore } from "../../src/adapters/aws/dynamodb-store";
import { SesMailer } from "../../src/adapters/aws/ses-mailer";
import { createTable } from "../../src/adapters/aws/table-schema";
import type { HttpDeps } from "../../src/adapters/http/types";
import { CapturedSlack } from "../../src/adapters/local/captured-slack";
import { catalogFromWorkspace } from "../../src/compiler/catalog";
import { type EngineDeps, engineDeps } from "../../src/core/engine/deps";
import type { InboundMail } from "../../src/core/engine/replies";
import type { TaskSignal, WorkflowControl } from "../../src/core/ports";
import { type LocalDynamo, startDynalite } from "./dynalite";
import { givenEnrolled } from "./given";
import { type LocalSes, startLocalSes } from "./local-ses";
import { startedForTests } from "./stand-in";
import { REPO } from "./workspace";

/** A clock the test moves by hand. */
export class SettableClock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

/**
 * Step Functions cannot run here as a server: this records what the engine asks of it. Tokens in
 * `gone` answer "gone", like a task that already ended. (The local runtime runs the real machines.)
 */
export class RecordingControl implements WorkflowControl {
  readonly started: Array<{ workflowId: string; name: string; input: Record<string, unknown> }> = [];
  /** Starts scheduled for later (WorkflowControl.scheduleStart), one per execution name. */
  readonly scheduled: Array<{
    workflowId: string;
    name: string;
    input: Record<string, unknown>;
    at: string;
  }> = [];
  async scheduleStart(workflowId: string, name: string, input: Record<string, unknown>, at: string) {
    if (!this.scheduled.some((s) => s.workflowId === workflowId && s.name === name))
      this.scheduled.push({ workflowId, name, input, at });
  }
  readonly successes: Array<{ token: string; output: Record<string, unknown> }> = [];
  readonly failures: Array<{ token: string; error: string; cause: string }> = [];
  readonly gone = new Set<string>();
  async startExecution(workflowId: string, name: string, input: Record<string, unknown>) {
    if (!this.started.some((s) => s.workflowId === workflowId && s.name === name))
      this.started.push({ workflowId, name, input });
    return { executionArn: `arn:aws:states:us-east-1:000000000000:execution:${workflowId}:${name}` };
  }
  async sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<TaskSignal> {
    if (this.gone.has(token)) return "gone";
    this.successes.push({ token, output });
    this.gone.add(token);
    return "delivered";
  }
  readonly redriven: Array<{ workflowId: string; name: string }> = [];
  async redriveExecution(workflowId: string, name: string) {
    this.redriven.push({ workflowId, name });
    return "redriven" as const;
  }
  async sendTaskFailure(token: string, error: string, cause: string): Promise<TaskSignal> {
    if (this.gone.has(token)) return "gone";
    this.failures.push({ token, error, cause });
    this.gone.add(token);
    return "delivered";
  }
}

export interface TestEngine {
  deps: EngineDeps;
  control: RecordingControl;
  slack: CapturedSlack;
  clock: SettableClock;
  ses: LocalSes;
  dynamo: LocalDynamo;
  /** Moves the clock on by `seconds` (default a minute) and says when it is now: for events after an enrollment began. */
  later(seconds?: number): string;
  close(): Promise<void>;
}

const loaded = await catalogFromWorkspace({
  cwd: REPO,
  workflowsDir: "workflows",
  templatesDir: "templates",
});

/** A Tuesday, 10:00 in New York: inside every sample's send window. */
export const TUESDAY_MORNING = "2026-03-03T15:00:00Z";

/** The real handlers' dependencies on the real local servers: dynalite and aws-ses-v2-local. */
export async function startEngine(): Promise<TestEngine> {
  const [dynamo, ses] = await Promise.all([startDynalite(), startLocalSes()]);
  const tableName = `handoff-${Math.random().toString(36).slice(2, 10)}`;
  await createTable(dynamo.client, tableName);
  const clock = new SettableClock(new Date(TUESDAY_MORNING));
  const control = new RecordingControl();
  const slack = new CapturedSlack({ clock });
  let n = 0;
  const deps = engineDeps({
    catalog: loaded,
    store: new DynamoDbContactStore({ client: dynamo.doc, tableName }),
    mailer: new SesMailer({ client: ses.client, configurationSet: "handoff-test" }),
    control,
    slack,
    clock,
    ids: { next: (prefix) => `${prefix}-${++n}` },
    tokens: { current: "k1", keys: { k1: "test-secret-0123456789abcdef" } },
  });
  return {
    deps,
    control,
    slack,
    clock,
    ses,
    dynamo,
    later(seconds = 60) {
      clock.advance(seconds);
      return clock.now().toISOString();
    },
    async close() {
      await Promise.all([dynamo.close(), ses.close()]);
    },
  };
}

/**
 * The engine the tests of the calling file (or describe block) share: started before the first,
 * closed after the last (read it in tests and hooks only).
 */
export function engineForTests(): TestEngine {
  return startedForTests(startEngine, (engine) => engine.close());
}

/** The HTTP adapter's dependencies over `t`'s engine, read at each request (so after `t` started). */
export function httpOver(t: TestEngine, options: Omit<HttpDeps, "engine">): HttpDeps {
  return {
    ...options,
    get engine() {
      return t.deps;
    },
  };
}

/** The header an autoresponder marks its answers with (RFC 3834). */
export const AUTO_REPLIED = { name: "Auto-Submitted", value: "auto-replied" };

/** An email to the reply address `sent` carries, received now (the clock moved on a minute). */
export function replyTo(
  t: TestEngine,
  sent: { replyTo: string[] },
  message: Pick<InboundMail, "messageId" | "subject" | "headers">,
): InboundMail {
  return { ...message, at: t.later(), recipients: [sent.replyTo[0]!] };
}

/** The ledger key of an email: the welcome email `welcomeSent` recorded, or any sent one. */
export interface SentWelcome {
  contactId: string;
  enrollmentId: string;
  stepId: string;
}

/**
 * A contact enrolled in trial-nurture whose welcome email is in the ledger as sent now (message id
 * `m-<id>`, with `links` when given), without calling SES: what click and unsubscribe tests start from.
 */
export async function welcomeSent(
  t: TestEngine,
  id: string,
  links?: Record<string, string>,
): Promise<SentWelcome> {
  const enrollment = await givenEnrolled(t.deps, id, "trial-nurture", { timezone: "America/New_York" });
  const key = { contactId: id, enrollmentId: enrollment.id, stepId: "welcome" };
  const now = t.clock.now().toISOString();
  await t.deps.store.claimSend({ ...key, workflowId: "trial-nurture", status: "claimed", claimedAt: now });
  await t.deps.store.completeSend(id, key.enrollmentId, "welcome", {
    status: "sent",
    sentAt: now,
    messageId: `m-${id}`,
    ...(links ? { links } : {}),
  });
  return key;
}

import type { HttpDeps } from "../adapters/http/types";
import type { CapturedMailer } from "../adapters/local/captured-mailer";
import { CapturedSlack } from "../adapters/local/captured-slack";
import { type LocalWebhookOutbox, localWebhookOutbox } from "../adapters/local/local-webhook-outbox";
import { LocalWorkflowControl } from "../adapters/local/local-workflow-control";
import { MemoryDeadLetterQueues, MemoryRawMailArchive } from "../adapters/local/memory-privacy";
import { catalogFromWorkspace, type WorkspaceCatalog } from "../compiler/catalog";
import type { EngineDeps } from "../core/engine/deps";
import { recordExecutionFailure } from "../core/engine/failures";
import { startIfScheduled } from "../core/engine/scheduled-starts";
import { sweepSlaMisses } from "../core/engine/sla-sweep";
import { retryPendingTrackedTasks } from "../core/engine/tracked-tasks";
import { endExecutionHandle } from "./ended-handle";
import { type LocalBackend, startLocalBackend } from "./local-backend";
import { localEngineDeps, machineRunners, meteredHandlers } from "./local-engine";
import type { ExecutionHandle, MachineRunner } from "./machine-runner";
import { emptyUsage, type Usage } from "./meters";
import { MinHeap } from "./min-heap";
import type { RuntimeOptions } from "./runtime-options";
import { sesSimulator } from "./ses-simulator";
import { timedAcceptTasks } from "./sla-timer";
import { TokenBroker } from "./token-broker";
import { VirtualClock } from "./virtual-clock";

export type { RuntimeDecorators, RuntimeOptions } from "./runtime-options";

export interface ExecutionRecord {
  workflowId: string;
  name: string;
  enrollmentId: string;
  contactId: string;
  status: "running" | "succeeded" | "failed" | "aborted";
  error?: string;
  handle: ExecutionHandle;
}

/** AWS runs the SLA sweep every minute; locally a failed sweep is run again that much later, at most this often. */
const SWEEP_EVERY_MS = 60_000;
/**
 * A sweep makes a few store calls per missed task, each failing at the chaos rate (AWS would run it
 * again every minute for ever): 20 tries, as the chaos mail client's ATTEMPTS (src/runtime/chaos/chaos.ts).
 */
const SWEEP_ATTEMPTS = 20;

const localExecutionArn = (workflowId: string, name: string) =>
  `arn:aws:states:local:000000000000:execution:${workflowId}:${name}`;

/** What a runtime is made of: the compiled catalog, the started backend, the clock and the caller's options. */
interface LocalRuntimeParts {
  catalog: WorkspaceCatalog;
  backend: LocalBackend;
  clock: VirtualClock;
  options: RuntimeOptions;
}

/**
 * One laptop's Handoff: the compiled machines in aws-local-stepfunctions, the real handlers
 * in-process through the same ports, the real local servers, and a virtual clock that jumps to the
 * next due pause or event whenever every execution is waiting.
 */
export class LocalRuntime {
  readonly executions = new Map<string, ExecutionRecord>();
  private readonly queue = new MinHeap<() => Promise<void>>();
  private busy = 0;
  private readonly failures: Error[] = [];
  readonly usage: Usage = emptyUsage();
  readonly clock: VirtualClock;
  readonly broker: TokenBroker;
  readonly slack: CapturedSlack;
  readonly deps: EngineDeps;
  readonly runners: Map<string, MachineRunner>;
  readonly servers: LocalBackend["servers"];
  readonly mailbox: CapturedMailer | undefined;
  private readonly release: () => Promise<void>;
  /** Webhooks out, when settings.webhooks lists any: every try, and the dead letters. */
  readonly webhooks: LocalWebhookOutbox | undefined;

  private constructor({ catalog, backend, clock, options }: LocalRuntimeParts) {
    this.clock = clock;
    this.servers = backend.servers;
    this.mailbox = backend.mailbox;
    this.release = backend.release;
    this.broker = new TokenBroker(clock, () => this.busy++);
    this.slack = new CapturedSlack({ clock });
    const local = new LocalWorkflowControl(this.broker, {
      start: (workflowId, name, input) => this.startExecution(workflowId, name, input),
      redrive: (workflowId, name) => this.redriveExecution(workflowId, name),
      scheduleStart: (enrollment, at) =>
        this.schedule(at, () => this.everyMinuteUntilDone(() => startIfScheduled(this.deps, enrollment))),
    });
    const control = options.decorate?.control?.(local) ?? local;
    const { usage, slack } = this;
    const sweep = () =>
      this.everyMinuteUntilDone(() =>
        sweepSlaMisses(this.deps).then(() => retryPendingTrackedTasks(this.deps)),
      );
    const schedule = (at: number, action: () => Promise<void>) => this.schedule(at, action);
    const timed = { ...backend, store: timedAcceptTasks(backend.store, (at) => this.schedule(at, sweep)) };
    const simulator = { schedule, clock, deps: () => this.deps, usage, rawMail: this.privacy.rawMail };
    const onAccepted = sesSimulator({ ...simulator, options: options.sesSimulator });
    const keys = options.webhookSigningKeys ? { signingKeys: options.webhookSigningKeys } : {};
    this.webhooks = localWebhookOutbox(catalog.catalog.settings, { clock, schedule, ...keys });
    const parts = { catalog, backend: timed, control, slack, clock, usage, options, onAccepted };
    this.deps = localEngineDeps({ ...parts, webhooks: this.webhooks });
    const hooks = {
      broker: this.broker,
      handlers: meteredHandlers(this.deps, usage, options),
      sleep: () => this.busy--,
      ...(options.onExecutionEvent ? { observe: options.onExecutionEvent } : {}),
    };
    this.runners = machineRunners(catalog.machines, hooks, { executor: options.executor });
  }

  /**
   * Compiles the workspace (through the catalog loader the Lambdas use) unless given `catalog`,
   * starts the backend (or a fresh table in `sharedServers`), wires the engine.
   */
  static async start(options: RuntimeOptions): Promise<LocalRuntime> {
    const catalog = options.catalog ?? (await catalogFromWorkspace(options));
    const clock = new VirtualClock(options.start);
    const backend = await startLocalBackend(options.backend ?? "servers", clock, {
      mailbox: options.mailboxSample !== undefined ? { keep: options.mailboxSample } : {},
      ...(options.sharedServers ? { sharedServers: options.sharedServers } : {}),
    });
    return new LocalRuntime({ catalog, backend, clock, options });
  }

  /** Locally no raw mail is stored and no event dead-letters: erasure and export find none. */
  private readonly privacy = {
    rawMail: new MemoryRawMailArchive(),
    deadLetters: new MemoryDeadLetterQueues(),
  };

  /** The HTTP API's dependencies (for the simulator's clicks and unsubscribes, and `--serve`). */
  http(auth: HttpDeps["auth"] = { apiKeys: [], signingSecrets: [] }): HttpDeps {
    return { engine: this.deps, auth, privacy: this.privacy };
  }

  private startExecution(workflowId: string, name: string, input: Record<string, unknown>): string {
    const arn = localExecutionArn(workflowId, name);
    if (this.executions.has(arn)) return arn;
    const runner = this.runners.get(workflowId);
    if (!runner) throw new Error(`no state machine for workflow ${workflowId}`);
    this.busy++;
    const handle = runner.start(input, name);
    const record: ExecutionRecord = {
      workflowId,
      name,
      enrollmentId: String(input.enrollmentId),
      contactId: String(input.contactId),
      status: "running",
      handle,
    };
    this.executions.set(arn, record);
    this.follow(record);
    return arn;
  }

  /** RedriveExecution: a failed execution resumes at the state that failed, with its input. */
  private redriveExecution(workflowId: string, name: string): "redriven" | "not-redrivable" {
    const record = this.executions.get(localExecutionArn(workflowId, name));
    const from = record?.handle.current();
    if (record?.status !== "failed" || !from) return "not-redrivable";
    this.busy++;
    record.handle = this.runners.get(workflowId)!.start({}, name, from);
    record.status = "running";
    delete record.error;
    this.follow(record);
    return "redriven";
  }

  /** Watches an execution to its end: a failure ends the enrollment as failed, with the reason. */
  private follow(record: ExecutionRecord): void {
    const handle = record.handle;
    handle.result
      .then(
        () => {
          record.status = "succeeded";
        },
        async (error: Error) => {
          if (record.status === "aborted") return;
          record.status = "failed";
          // The runner wraps the error that ended the execution: Step Functions reports that one.
          const reported = error.cause instanceof Error ? error.cause : error;
          record.error = `${reported.name}: ${reported.message}`.slice(0, 500);
          // What the execution-events function does on AWS (EventBridge retries it, then a DLQ).
          const failure = { contactId: record.contactId, enrollmentId: record.enrollmentId };
          for (let attempt = 1; ; attempt++) {
            try {
              await recordExecutionFailure(this.deps, {
                ...failure,
                error: reported.name,
                cause: reported.message,
              });
              break;
            } catch (e) {
              if (attempt === 10) {
                this.failures.push(e as Error);
                break;
              }
            }
          }
        },
      )
      .finally(() => {
        this.usage.stateTransitions += handle.transitions();
        if (record.status !== "aborted") this.busy--;
        endExecutionHandle(record, handle);
      });
  }

  /**
   * What AWS runs every minute (functions/sla-sweep.ts, functions/start-due.ts): a failed run (a
   * throttled call) runs again a minute later, as the next minute's would; each is idempotent, so a
   * repeat finishes what a failed one began. Fails the run after SWEEP_ATTEMPTS.
   */
  private async everyMinuteUntilDone(action: () => Promise<unknown>, attempt = 1): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (attempt >= SWEEP_ATTEMPTS) throw error;
      this.schedule(this.clock.millis() + SWEEP_EVERY_MS, () =>
        this.everyMinuteUntilDone(action, attempt + 1),
      );
    }
  }

  /** Runs `action` at virtual time `at` (ms since the epoch), in time order with the pauses. */
  schedule(at: number, action: () => Promise<void>): void {
    this.queue.push(Math.max(at, this.clock.millis()), action);
  }

  /** Resolves once every execution waits on a token (or has ended) and no action runs. */
  async idle(): Promise<void> {
    let quiet = 0;
    while (quiet < 2) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      quiet = this.busy === 0 ? quiet + 1 : 0;
    }
  }

  /** Advances virtual time event by event up to `horizon` (ms since the epoch). */
  async runUntil(horizon: number, onStep?: (now: number) => void): Promise<void> {
    for (;;) {
      await this.idle();
      const deadline = this.broker.nextDeadline();
      const due = this.queue.peekKey();
      const next = Math.min(deadline ?? Number.POSITIVE_INFINITY, due ?? Number.POSITIVE_INFINITY);
      if (!Number.isFinite(next) || next > horizon) break;
      this.clock.advanceTo(next);
      this.broker.expire(next);
      while (this.queue.peekKey() !== undefined && this.queue.peekKey()! <= next) {
        const action = this.queue.pop()!.value;
        this.busy++;
        action()
          .catch((error: Error) => this.failures.push(error))
          .finally(() => this.busy--);
      }
      onStep?.(next);
    }
    this.clock.advanceTo(horizon);
    // Each failure is reported once: a caller that goes on (the live serve) sees only new ones next.
    const failures = this.failures.splice(0);
    if (failures.length)
      throw new AggregateError(
        failures,
        `${failures.length} simulated action(s) failed: ${failures[0]!.message}`,
      );
  }

  /** Stops executions still waiting, and the local servers it started (on shared servers: drops its table). */
  async close(): Promise<void> {
    for (const record of this.executions.values()) {
      if (record.status === "running") {
        record.status = "aborted";
        record.handle.abort();
      }
    }
    this.broker.releaseAll();
    await this.release();
  }
}

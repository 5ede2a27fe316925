import type { WorkspaceCatalog } from "../compiler/catalog";
import type { LoadOptions } from "../compiler/load";
import type { SendPacing } from "../core/engine/pacing";
import type { StepHandler } from "../core/engine/step-handlers";
import type { TaskTracker } from "../core/integrations/task-tracker";
import type { ContactStore, Mailer, OutboundEmail, WorkflowControl } from "../core/ports";
import type { FunctionKey } from "../core/step-lambdas";
import type { BackendKind, LocalServers } from "./local-backend";
import type { ExecutorKind } from "./machine-runner";
import type { SesSimulatorOptions } from "./ses-simulator";

/** What `LocalRuntime.start` takes (src/runtime/local-runtime.ts). */
export interface RuntimeOptions extends LoadOptions {
  /** Virtual time at which the run starts. */
  start: Date | string;
  /** "servers" (default): dynalite and aws-ses-v2-local in-process; "memory": in-memory store and mailer. */
  backend?: BackendKind;
  /** Called with every email sent, after SES accepted it. */
  onSend?: (email: OutboundEmail, messageId: string) => void;
  /** Called after every step handler that succeeded (the simulator watches rep tasks). */
  onStep?: (key: FunctionKey, payload: unknown, result: unknown) => void;
  /** Wraps the ports and handlers, for fault injection (`simulate --chaos`). */
  decorate?: RuntimeDecorators;
  /** Sees every execution's event log: what Step Functions would keep in its history. */
  onExecutionEvent?: (executionName: string, event: unknown) => void;
  /** The send rate emails are paced to, as a stage's (default SES's 14 a second); "unlimited": unpaced. */
  sendRate?: SendPacing | "unlimited";
  /** Webhook signing keys by secret name (settings.webhooks[].secret); default HANDOFF_WEBHOOK_SECRETS. */
  webhookSigningKeys?: Record<string, string>;
  /** In-memory backend: how many emails the mailbox keeps whole (default all; see CapturedMailer). */
  mailboxSample?: number;
  /** The compiled workspace to run (compiled once by the caller and reused); default: compiles `cwd`'s. */
  catalog?: WorkspaceCatalog;
  /** "servers" only: servers the caller started and stops; the runtime uses a fresh table of its own in them. */
  sharedServers?: LocalServers;
  /** Where rep tasks are also created (a local server speaking Asana's API in tests); see src/runtime/local-engine.ts. */
  taskTracker?: TaskTracker;
  /** Which interpreter runs the machines: "fast" (default) or "reference" (aws-local-stepfunctions); else HANDOFF_EXECUTOR. */
  executor?: ExecutorKind;
  /**
   * SES's answers to the mailbox simulator's addresses and mail to the reply domain (always on; see
   * src/runtime/ses-simulator.ts): default events "delivered", receiving "active"; "lost" and
   * "inactive" break a stage's SES side on purpose.
   */
  sesSimulator?: SesSimulatorOptions;
}

/**
 * Fault injection's way in: the store is wrapped inside the meters (a throttled call still counts),
 * the mailer outside them (an email SES refused is not counted as sent), each step handler inside
 * its metered invocation.
 */
export interface RuntimeDecorators {
  store?(store: ContactStore): ContactStore;
  mailer?(mailer: Mailer): Mailer;
  handler?(key: FunctionKey, handler: StepHandler): StepHandler;
  /** Wraps Step Functions (the runtime's LocalWorkflowControl): StartExecution, SendTask*, … broken on purpose. */
  control?(control: WorkflowControl): WorkflowControl;
}

// The local runtime's engine: the engine's dependencies on the local ports, the step handlers as
// the runtime calls them (decorated, metered, reported), and one machine runner per workflow.
import { randomUUID } from "node:crypto";
import { AsanaTaskTracker } from "../adapters/aws/asana-tracker";
import type { CapturedSlack } from "../adapters/local/captured-slack";
import type { WorkspaceCatalog } from "../compiler/catalog";
import type { CompiledWorkflow } from "../compiler/pipeline";
import { type EngineDeps, engineDeps } from "../core/engine/deps";
import { SES_DEFAULT_SEND_RATE, type SendPacing } from "../core/engine/pacing";
import { type StepHandler, stepHandlers } from "../core/engine/step-handlers";
import type { TaskTracker } from "../core/integrations/task-tracker";
import type { WebhookOutbox } from "../core/integrations/webhooks";
import type { Settings } from "../core/language";
import type { OutboundEmail, SentEmail, WorkflowControl } from "../core/ports";
import type { FunctionKey } from "../core/step-lambdas";
import type { LocalBackend } from "./local-backend";
import type { RuntimeOptions } from "./local-runtime";
import { type ExecutorKind, MachineRunner, type RunnerHooks } from "./machine-runner";
import { meterInvocation, meterMailer, meterStore, type Usage } from "./meters";
import type { VirtualClock } from "./virtual-clock";

/** The pacing of RuntimeOptions.sendRate: SES's default rate when unset, none when "unlimited". */
function pacingOf(rate: RuntimeOptions["sendRate"]): { pacing?: SendPacing } {
  if (rate === "unlimited") return {};
  return { pacing: rate ?? { perSecond: SES_DEFAULT_SEND_RATE } };
}

/**
 * Asana locally: the caller's tracker (RuntimeOptions.taskTracker, the tests' local server); else,
 * with settings.integrations.asana and its token in the environment variable the secret names,
 * Asana itself (HANDOFF_ASANA_API_URL overrides its address); else none: tasks stay in Handoff.
 */
function taskTrackerOf(settings: Settings, options: RuntimeOptions): { taskTracker?: TaskTracker } {
  if (options.taskTracker) return { taskTracker: options.taskTracker };
  const asana = settings.integrations?.asana;
  const token = asana && process.env[asana.tokenSecret];
  if (!asana || !token) return {};
  const apiUrl = process.env.HANDOFF_ASANA_API_URL;
  const { project, assignees } = asana;
  return { taskTracker: new AsanaTaskTracker({ token, project, assignees, ...(apiUrl ? { apiUrl } : {}) }) };
}

/** The engine on the local ports: store and mailer metered (and decorated for chaos), local ids and keys. */
export function localEngineDeps(parts: {
  catalog: WorkspaceCatalog;
  backend: LocalBackend;
  control: WorkflowControl;
  slack: CapturedSlack;
  clock: VirtualClock;
  usage: Usage;
  options: RuntimeOptions;
  webhooks?: WebhookOutbox | undefined;
  /** Sees every email SES accepted, before anyone else (SES's answers: src/runtime/ses-simulator.ts). */
  onAccepted?: (email: OutboundEmail, sent: SentEmail) => void;
}): EngineDeps {
  const { backend, usage, options } = parts;
  const decorate = options.decorate ?? {};
  const metered = meterMailer(backend.mailer, usage, (email, sent) => {
    parts.onAccepted?.(email, sent);
    options.onSend?.(email, sent.messageId);
  });
  let issued = 0;
  return engineDeps({
    catalog: parts.catalog,
    store: meterStore(decorate.store?.(backend.store) ?? backend.store, usage),
    mailer: decorate.mailer?.(metered) ?? metered,
    control: parts.control,
    slack: parts.slack,
    clock: parts.clock,
    ids: { next: (prefix) => `${prefix}-${++issued}` },
    tokens: { current: "local", keys: { local: `local-${randomUUID()}` } },
    replyDomain: "reply.handoff.local",
    ...pacingOf(options.sendRate),
    ...(parts.webhooks ? { webhooks: parts.webhooks } : {}),
    ...taskTrackerOf(parts.catalog.catalog.settings, options),
  });
}

/** Each step handler decorated (chaos), metered as a Lambda invocation, and reported to onStep. */
export function meteredHandlers(deps: EngineDeps, usage: Usage, options: RuntimeOptions) {
  const handlers = stepHandlers(deps);
  const wrap = (key: FunctionKey, plain: StepHandler): StepHandler => {
    const handler = options.decorate?.handler?.(key, plain) ?? plain;
    return async (event) => {
      const result = await meterInvocation(usage, key, () => handler(event));
      options.onStep?.(key, event, result);
      return result;
    };
  };
  return Object.fromEntries(
    Object.entries(handlers).map(([key, plain]) => [key, wrap(key as FunctionKey, plain)]),
  ) as Record<FunctionKey, StepHandler>;
}

/** One runner per compiled machine, by workflow id, in the executor `executor` names (see executorKindOf). */
export function machineRunners(
  machines: CompiledWorkflow[],
  hooks: RunnerHooks,
  { executor }: { executor?: ExecutorKind | undefined } = {},
): Map<string, MachineRunner> {
  return new Map(
    machines.map((machine) => [
      machine.workflow.id,
      new MachineRunner(machine.workflow.id, machine.definition, hooks, { executor }),
    ]),
  );
}

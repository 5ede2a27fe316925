import type { TaskSignal, WorkflowControl } from "../../core/ports";

/** The task tokens of paused steps (the local runtime's token broker): ends one with a result or an error. */
export interface TaskTokens {
  succeed(token: string, output: Record<string, unknown>): TaskSignal;
  fail(token: string, error: string, cause: string): TaskSignal;
}

/** What the local runtime does for Step Functions: start, redrive, and run a scheduled start at its time. */
export interface LocalExecutions {
  start(workflowId: string, name: string, input: Record<string, unknown>): string;
  redrive(workflowId: string, name: string): "redriven" | "not-redrivable";
  /** Runs the scheduled start of the enrollment at `at` (ms since the epoch, virtual). */
  scheduleStart(enrollment: { contactId: string; enrollmentId: string }, at: number): void;
}

/** Step Functions for the local runtime: executions run in-process, tokens live in the broker. */
export class LocalWorkflowControl implements WorkflowControl {
  /** The executions scheduled so far, by workflow and name: a second schedule of one is a no-op. */
  private readonly scheduled = new Set<string>();

  constructor(
    private readonly broker: TaskTokens,
    private readonly executions: LocalExecutions,
  ) {}

  async scheduleStart(workflowId: string, name: string, input: Record<string, unknown>, at: string) {
    const key = `${workflowId}:${name}`;
    if (this.scheduled.has(key)) return;
    this.scheduled.add(key);
    const enrollment = { contactId: String(input.contactId), enrollmentId: String(input.enrollmentId) };
    this.executions.scheduleStart(enrollment, Date.parse(at));
  }

  async redriveExecution(workflowId: string, name: string) {
    return this.executions.redrive(workflowId, name);
  }

  async startExecution(workflowId: string, name: string, input: Record<string, unknown>) {
    return { executionArn: this.executions.start(workflowId, name, input) };
  }

  async sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<TaskSignal> {
    return this.broker.succeed(token, output);
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<TaskSignal> {
    return this.broker.fail(token, error, cause);
  }
}

import type { TaskSignal, WorkflowControl } from "../../core/ports";

/** The task tokens of paused steps (the local runtime's token broker): ends one with a result or an error. */
export interface TaskTokens {
  succeed(token: string, output: Record<string, unknown>): TaskSignal;
  fail(token: string, error: string, cause: string): TaskSignal;
}

/** Step Functions for the local runtime: executions run in-process, tokens live in the broker. */
export class LocalWorkflowControl implements WorkflowControl {
  constructor(
    private readonly broker: TaskTokens,
    private readonly starter: (workflowId: string, name: string, input: Record<string, unknown>) => string,
    private readonly redriver: (workflowId: string, name: string) => "redriven" | "not-redrivable",
  ) {}

  async redriveExecution(workflowId: string, name: string) {
    return this.redriver(workflowId, name);
  }

  async startExecution(workflowId: string, name: string, input: Record<string, unknown>) {
    return { executionArn: this.starter(workflowId, name, input) };
  }

  async sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<TaskSignal> {
    return this.broker.succeed(token, output);
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<TaskSignal> {
    return this.broker.fail(token, error, cause);
  }
}

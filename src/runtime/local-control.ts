import type { TaskSignal, WorkflowControl } from "../core/ports";
import type { TokenBroker } from "./token-broker";

/** Step Functions for the local runtime: executions run in-process, tokens live in the broker. */
export class LocalWorkflowControl implements WorkflowControl {
  constructor(
    private readonly broker: TokenBroker,
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

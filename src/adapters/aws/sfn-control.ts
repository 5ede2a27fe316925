/**
 * WorkflowControl on Step Functions: starts executions idempotently, ends paused
 * (.waitForTaskToken) tasks, treating a token that already ended as "gone", and redrives failed
 * executions from the state that failed. A scheduled start is the enrollment's `startsAt` itself:
 * the start-due sweep (functions/start-due.ts) starts it through startExecution.
 */
import {
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { TransientError } from "../../core/errors";
import type { TaskSignal, WorkflowControl } from "../../core/ports";
import { errorMessage, errorName, isTransientAwsError } from "./errors";

export interface SfnWorkflowControlOptions {
  client: SFNClient;
  /** The ARN of a workflow's state machine. */
  stateMachineArn: (workflowId: string) => string;
}

/** SendTaskFailure limits (API reference): error up to 256 characters, cause up to 32768. */
export const SFN_ERROR_MAX = 256;
export const SFN_CAUSE_MAX = 32_768;

/** Errors meaning the task token no longer waits: a late or repeated signal. */
const GONE_ERRORS = new Set(["TaskTimedOut", "TaskDoesNotExist", "InvalidToken"]);

export class SfnWorkflowControl implements WorkflowControl {
  private readonly client: SFNClient;
  private readonly stateMachineArn: (workflowId: string) => string;

  constructor(options: SfnWorkflowControlOptions) {
    this.client = options.client;
    this.stateMachineArn = options.stateMachineArn;
  }

  async startExecution(
    workflowId: string,
    name: string,
    input: Record<string, unknown>,
  ): Promise<{ executionArn: string }> {
    const stateMachineArn = this.stateMachineArn(workflowId);
    try {
      const out = await this.client.send(
        new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
      );
      return { executionArn: out.executionArn ?? executionArnFor(stateMachineArn, name) };
    } catch (err) {
      // A closed execution of that name, or a running one with other input: already started.
      if (errorName(err) === "ExecutionAlreadyExists") {
        return { executionArn: executionArnFor(stateMachineArn, name) };
      }
      throw mapSfnError(err, "StartExecution");
    }
  }

  /**
   * Nothing to call: on AWS the schedule is the enrollment's `startsAt` (the scheduled-starts index,
   * docs/data-model.md), which the every-minute sweep reads (src/core/engine/scheduled-starts.ts).
   * A start the sweep repeats after an early one (a handoff) gets ExecutionAlreadyExists: already started.
   */
  async scheduleStart(_workflowId: string, _name: string, _input: Record<string, unknown>, _at: string) {}

  async sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<TaskSignal> {
    try {
      await this.client.send(
        new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }),
      );
      return "delivered";
    } catch (err) {
      if (GONE_ERRORS.has(errorName(err))) return "gone";
      throw mapSfnError(err, "SendTaskSuccess");
    }
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<TaskSignal> {
    try {
      await this.client.send(
        new SendTaskFailureCommand({
          taskToken: token,
          error: truncate(error, SFN_ERROR_MAX),
          cause: truncate(cause, SFN_CAUSE_MAX),
        }),
      );
      return "delivered";
    } catch (err) {
      if (GONE_ERRORS.has(errorName(err))) return "gone";
      throw mapSfnError(err, "SendTaskFailure");
    }
  }

  async redriveExecution(workflowId: string, name: string): Promise<"redriven" | "not-redrivable"> {
    const executionArn = executionArnFor(this.stateMachineArn(workflowId), name);
    try {
      await this.client.send(new RedriveExecutionCommand({ executionArn }));
      return "redriven";
    } catch (err) {
      if (NOT_REDRIVABLE.has(errorName(err))) return "not-redrivable";
      throw mapSfnError(err, "RedriveExecution");
    }
  }
}

/** A running or succeeded execution, one past the 14-day redrive window, or one that never was. */
const NOT_REDRIVABLE = new Set(["ExecutionNotRedrivable", "ExecutionDoesNotExist"]);

/**
 * The execution ARN StartExecution returns for `name`, derived from the state machine's ARN:
 * arn:<partition>:states:<region>:<account>:stateMachine:<machine>[:<version or alias>]
 * → arn:<partition>:states:<region>:<account>:execution:<machine>:<name>.
 */
export function executionArnFor(stateMachineArn: string, name: string): string {
  const parts = stateMachineArn.split(":");
  if (parts.length < 7 || parts[0] !== "arn" || parts[2] !== "states" || parts[5] !== "stateMachine") {
    throw new Error(`not a state machine ARN: ${stateMachineArn}`);
  }
  const [, partition, , region, account, , machine] = parts;
  return `arn:${partition}:states:${region}:${account}:execution:${machine}:${name}`;
}

/** Cuts `value` to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** Throttling, 5xx and network failures become TransientError; anything else is rethrown. */
function mapSfnError(err: unknown, operation: string): unknown {
  if (!isTransientAwsError(err)) return err;
  const transient = new TransientError(
    `Step Functions ${operation} failed: ${errorName(err) || "error"}: ${errorMessage(err)}`,
  );
  transient.cause = err;
  return transient;
}

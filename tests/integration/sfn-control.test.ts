import "../helpers/quiet-sdk";
import { SFNClient } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  executionArnFor,
  SFN_CAUSE_MAX,
  SFN_ERROR_MAX,
  SfnWorkflowControl,
  truncate,
} from "../../src/adapters/aws/sfn-control";
import { TransientError } from "../../src/core/errors";
import { sfnError, startSfnStub } from "../helpers/sfn-stub";
import { localClientConfig, stubForTests } from "../helpers/stub-server";

// No Step Functions server can run here, so a local stub speaks the awsJson1_0 protocol the SDK
// uses: POST / with X-Amz-Target: AWSStepFunctions.<Operation>, errors as 400 + `__type`.

const MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:handoff-trial-nurture";

describe("SfnWorkflowControl (local protocol stub: no Step Functions server can run here)", () => {
  const stub = stubForTests(startSfnStub);
  let client: SFNClient;
  let control: SfnWorkflowControl;

  beforeAll(() => {
    client = new SFNClient({ ...localClientConfig(stub.endpoint, "eu-west-1"), maxAttempts: 1 });
    control = new SfnWorkflowControl({
      client,
      stateMachineArn: (workflowId) =>
        `arn:aws:states:eu-west-1:123456789012:stateMachine:handoff-${workflowId}`,
    });
  });
  afterAll(() => client.destroy());

  it("starts an execution with its name and JSON input", async () => {
    const out = await control.startExecution("trial-nurture", "c-1-enr-1", { contactId: "c-1", seq: 1 });
    expect(out.executionArn).toBe(
      "arn:aws:states:eu-west-1:123456789012:execution:handoff-trial-nurture:c-1-enr-1",
    );
    expect(stub.requests).toHaveLength(1);
    const [req] = stub.requests;
    expect(req!.target).toBe("AWSStepFunctions.StartExecution");
    expect(req!.contentType).toBe("application/x-amz-json-1.0");
    expect(req!.body).toEqual({
      stateMachineArn: MACHINE,
      name: "c-1-enr-1",
      input: JSON.stringify({ contactId: "c-1", seq: 1 }),
    });
  });

  it("treats ExecutionAlreadyExists as started, with the ARN derived from the machine's", async () => {
    stub.answers.set("StartExecution", sfnError("ExecutionAlreadyExists", "Execution Already Exists"));
    const out = await control.startExecution("trial-nurture", "c-1-enr-1", { contactId: "c-1" });
    expect(out.executionArn).toBe(
      "arn:aws:states:eu-west-1:123456789012:execution:handoff-trial-nurture:c-1-enr-1",
    );
  });

  it("schedules a start with no call (the enrollment's startsAt is the schedule); the sweep's start after a handoff's is already started", async () => {
    await control.scheduleStart(
      "trial-nurture",
      "c-1-enr-1",
      { contactId: "c-1" },
      "2026-03-02T14:00:00.000Z",
    );
    expect(stub.requests).toEqual([]);
    // A handoff at night started the execution at once; the sweep at the opening starts it again.
    await control.startExecution("trial-nurture", "c-1-enr-1", { contactId: "c-1" });
    stub.answers.set("StartExecution", sfnError("ExecutionAlreadyExists", "Execution Already Exists"));
    await expect(control.startExecution("trial-nurture", "c-1-enr-1", { contactId: "c-1" })).resolves.toEqual(
      {
        executionArn: "arn:aws:states:eu-west-1:123456789012:execution:handoff-trial-nurture:c-1-enr-1",
      },
    );
    expect(stub.requests.map((r) => r.target)).toEqual([
      "AWSStepFunctions.StartExecution",
      "AWSStepFunctions.StartExecution",
    ]);
  });

  it("maps StartExecution throttling to TransientError and rethrows other errors", async () => {
    stub.answers.set("StartExecution", sfnError("ThrottlingException", "Rate exceeded"));
    await expect(control.startExecution("trial-nurture", "n", {})).rejects.toBeInstanceOf(TransientError);
    stub.answers.set("StartExecution", sfnError("StateMachineDoesNotExist", "no machine"));
    const err = await control.startExecution("trial-nurture", "n", {}).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(TransientError);
    expect((err as Error).name).toBe("StateMachineDoesNotExist");
  });

  it("sends task success with JSON output", async () => {
    expect(await control.sendTaskSuccess("tok-1", { reason: "reply" })).toBe("delivered");
    const [req] = stub.requests;
    expect(req!.target).toBe("AWSStepFunctions.SendTaskSuccess");
    expect(req!.body).toEqual({ taskToken: "tok-1", output: '{"reason":"reply"}' });
  });

  it.each(["TaskTimedOut", "TaskDoesNotExist", "InvalidToken"])("answers 'gone' on %s", async (type) => {
    stub.answers.set("SendTaskSuccess", sfnError(type, "late"));
    stub.answers.set("SendTaskFailure", sfnError(type, "late"));
    expect(await control.sendTaskSuccess("tok-1", {})).toBe("gone");
    expect(await control.sendTaskFailure("tok-1", "Handoff.Interrupt.Exit", "unsubscribed")).toBe("gone");
  });

  it("maps task throttling to TransientError and rethrows other task errors", async () => {
    stub.answers.set("SendTaskSuccess", sfnError("ThrottlingException", "Rate exceeded"));
    stub.answers.set("SendTaskFailure", sfnError("ThrottlingException", "Rate exceeded"));
    await expect(control.sendTaskSuccess("tok", {})).rejects.toBeInstanceOf(TransientError);
    await expect(control.sendTaskFailure("tok", "E", "c")).rejects.toBeInstanceOf(TransientError);
    stub.answers.set("SendTaskSuccess", sfnError("InvalidOutput", "bad output"));
    const err = await control.sendTaskSuccess("tok", {}).catch((e: unknown) => e);
    expect((err as Error).name).toBe("InvalidOutput");
  });

  it("redrives a failed execution by its ARN; one that cannot be redriven is 'not-redrivable'", async () => {
    stub.answers.set("RedriveExecution", { status: 200, body: { redriveDate: 1_700_000_000 } });
    expect(await control.redriveExecution("trial-nurture", "c-1-enr-1")).toBe("redriven");
    expect(stub.requests[0]!.target).toBe("AWSStepFunctions.RedriveExecution");
    // The SDK adds an idempotency token (clientToken): a retried redrive is not a second one.
    expect(stub.requests[0]!.body).toEqual({
      executionArn: "arn:aws:states:eu-west-1:123456789012:execution:handoff-trial-nurture:c-1-enr-1",
      clientToken: expect.any(String),
    });
    for (const type of ["ExecutionNotRedrivable", "ExecutionDoesNotExist"]) {
      stub.answers.set("RedriveExecution", sfnError(type, "no"));
      expect(await control.redriveExecution("trial-nurture", "c-1-enr-1"), type).toBe("not-redrivable");
    }
    stub.answers.set("RedriveExecution", sfnError("ThrottlingException", "Rate exceeded"));
    await expect(control.redriveExecution("trial-nurture", "x")).rejects.toBeInstanceOf(TransientError);
  });

  it("truncates error to 256 and cause to 32768 characters", async () => {
    expect(await control.sendTaskFailure("tok-2", "E".repeat(1000), "c".repeat(40_000))).toBe("delivered");
    const [req] = stub.requests;
    expect(req!.target).toBe("AWSStepFunctions.SendTaskFailure");
    expect(req!.body.taskToken).toBe("tok-2");
    expect(req!.body.error).toBe("E".repeat(SFN_ERROR_MAX));
    expect(req!.body.cause).toBe("c".repeat(SFN_CAUSE_MAX));
  });
});

describe("sfn-control helpers", () => {
  it("derives execution ARNs across partitions and qualified machine ARNs", () => {
    expect(executionArnFor(MACHINE, "x")).toBe(
      "arn:aws:states:eu-west-1:123456789012:execution:handoff-trial-nurture:x",
    );
    expect(executionArnFor("arn:aws-cn:states:cn-north-1:1:stateMachine:m:prod", "y")).toBe(
      "arn:aws-cn:states:cn-north-1:1:execution:m:y",
    );
    expect(() => executionArnFor("arn:aws:lambda:eu-west-1:1:function:f", "x")).toThrow(
      /not a state machine ARN/,
    );
  });

  it("does not split a surrogate pair when truncating", () => {
    expect(truncate("ab😀", 3)).toBe("ab");
    expect(truncate("abc", 3)).toBe("abc");
  });
});

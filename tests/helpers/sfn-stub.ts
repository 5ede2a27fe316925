import { executionArnFor } from "../../src/adapters/aws/sfn-control";
import { type LocalServer, listenLocally } from "./stub-server";

// No Step Functions server can run here, so a local stub speaks the awsJson1_0 protocol the SDK
// uses: POST / with X-Amz-Target: AWSStepFunctions.<Operation>, errors as 400 + `__type`.

export interface Recorded {
  target: string;
  contentType: string;
  body: Record<string, unknown>;
}

export type Answer = { status: number; body: Record<string, unknown> };

export interface SfnStub extends LocalServer {
  requests: Recorded[];
  /** Answers by operation; default 200 with a plausible result. */
  answers: Map<string, Answer>;
  /** Forgets the requests and the answers set. */
  reset(): void;
}

export function sfnError(type: string, message: string): Answer {
  return { status: 400, body: { __type: `com.amazonaws.states#${type}`, message } };
}

export async function startSfnStub(): Promise<SfnStub> {
  const requests: Recorded[] = [];
  const answers = new Map<string, Answer>();
  const server = await listenLocally((req, text, res) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const body = JSON.parse(text || "{}") as Record<string, unknown>;
    requests.push({ target, contentType: String(req.headers["content-type"] ?? ""), body });
    const operation = target.replace(/^AWSStepFunctions\./, "");
    const answer = answers.get(operation) ?? {
      status: 200,
      body:
        operation === "StartExecution"
          ? {
              executionArn: executionArnFor(String(body.stateMachineArn), String(body.name)),
              startDate: 1_700_000_000,
            }
          : {},
    };
    res
      .writeHead(answer.status, { "content-type": "application/x-amz-json-1.0" })
      .end(JSON.stringify(answer.body));
  });
  const reset = () => {
    requests.length = 0;
    answers.clear();
  };
  return { ...server, requests, answers, reset };
}

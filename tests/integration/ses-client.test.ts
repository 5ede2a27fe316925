import "../helpers/quiet-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SesMailer } from "../../src/adapters/aws/ses-mailer";
import { TransientError, wasNotSent } from "../../src/core/errors";
import { localSes } from "../../src/runtime/local-servers/ses-server";
import { sampleCatalogFile } from "../helpers/lambda-env";
import { anOutboundEmail } from "../helpers/outbound-email";
import { startSesStub } from "../helpers/ses-stub";
import { stubForTests } from "../helpers/stub-server";

// Step Functions owns retries: the SES v2 clients make one attempt per send and give up on a request
// that hangs. AWS cannot be reached from here, so a local server speaking SES v2 SendEmail answers.

const email = anOutboundEmail({
  tags: { contact: "crm:42", workflow: "trial-nurture", step: "welcome", enrollment: "trial-nurture.1" },
});

const INTERNAL_FAILURE = {
  status: 500,
  errorType: "InternalServiceErrorException",
  body: { message: "internal failure" },
};

const stub = stubForTests(startSesStub);
let sendingWire: ReturnType<typeof import("../../functions/wiring").engineWiring>;

beforeAll(async () => {
  Object.assign(process.env, {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_SESV2: stub.endpoint,
    HANDOFF_TABLE: "handoff-unused",
    HANDOFF_CONFIGURATION_SET: "handoff",
    HANDOFF_STATE_MACHINES: JSON.stringify({}),
    HANDOFF_SLACK_WEBHOOKS: JSON.stringify({}),
    HANDOFF_TOKEN_KEYS: JSON.stringify({ current: "k1", keys: { k1: "client-test-secret-0123456789" } }),
    HANDOFF_CATALOG: await sampleCatalogFile(),
  });
  // As functions/step.ts wires the send step: the engine's wiring with the SES mailer injected.
  const [wiring, { sesMailer }] = await Promise.all([
    import("../../functions/wiring"),
    import("../../functions/ses-mailer"),
  ]);
  sendingWire = wiring.engineWiring({ mailer: sesMailer });
});

afterAll(() => {
  for (const name of Object.keys(process.env))
    if (name.startsWith("HANDOFF_") || name.startsWith("AWS_ENDPOINT_URL_")) delete process.env[name];
});

/** What the Lambda wiring's mailer throws sending `email`. */
const lambdaSendError = () =>
  sendingWire()
    .mailer.send(email)
    .catch((e: unknown) => e);

/** What the local runtime's SES client (a SesMailer on localSes) throws sending `email` to `endpoint`. */
async function localSendError(endpoint: string): Promise<unknown> {
  const ses = localSes(endpoint, async () => {});
  try {
    const mailer = new SesMailer({ client: ses.client, configurationSet: "handoff-local" });
    return await mailer.send(email).catch((e: unknown) => e);
  } finally {
    ses.client.destroy();
  }
}

describe("SES v2 clients against a local SES v2 SendEmail server (AWS unreachable here)", () => {
  it("the Lambda wiring's mailer reaches SES once for a send SES answers 500", async () => {
    stub.answer = INTERNAL_FAILURE;
    const error = await lambdaSendError();
    expect(error).toBeInstanceOf(TransientError);
    expect(stub.requests).toHaveLength(1);
  });

  it("the local runtime's SES client reaches SES once for a send SES answers 500", async () => {
    stub.answer = INTERNAL_FAILURE;
    const error = await localSendError(stub.endpoint);
    expect(error).toBeInstanceOf(TransientError);
    expect(stub.requests).toHaveLength(1);
  });

  it("a request SES never answers ends in a timeout error, after one attempt, not marked not-sent", async () => {
    stub.answer = "hang";
    const error = await lambdaSendError();
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/TimeoutError/);
    // SES may have accepted it before the answer was lost: the ledger must not release the claim.
    expect(wasNotSent(error)).toBe(false);
    expect(stub.requests).toHaveLength(1);
  });

  it("a refused connection is certainly not sent: marked so, and the claim may be released", async () => {
    const dead = await startSesStub();
    await dead.close();
    const error = await localSendError(dead.endpoint);
    expect(error).toBeInstanceOf(TransientError);
    expect(wasNotSent(error)).toBe(true);
  });
});

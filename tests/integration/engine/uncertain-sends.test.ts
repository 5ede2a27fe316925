import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailEventOf, SesEventDetail } from "../../../src/adapters/aws/events/ses-event";
import { SesMailer } from "../../../src/adapters/aws/ses-mailer";
import { localAdminKey } from "../../../src/adapters/http/keys";
import { route } from "../../../src/adapters/http/router";
import type { EngineDeps } from "../../../src/core/engine/deps";
import { receiveMailEvent } from "../../../src/core/engine/mail-events";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { localSes } from "../../../src/runtime/local-servers/ses-server";
import { engineForTests } from "../../helpers/engine";
import { givenEnrolled } from "../../helpers/given";
import { eventTagsOf, SES_OK, startSesStub } from "../../helpers/ses-stub";
import { welcomePayload } from "../../helpers/step-payloads";
import { stubForTests } from "../../helpers/stub-server";

// A send whose outcome SES never told (a 5xx, a timeout, a crash after the call) is neither sent
// twice nor silently lost: the ledger says `uncertain`, the execution goes on, an SES event with the
// email's tags settles it, and an operator lists what is left. SES is a local server speaking SES
// v2 SendEmail (AWS cannot be reached here), through the local runtime's real client.

/** The welcome step without its send window, so it sends at any time of the test clock. */
const NO_WINDOW = { sendWindow: null, subject: "Welcome to Acme" };

const t = engineForTests();
const stub = stubForTests(startSesStub);
let ses: ReturnType<typeof localSes>;
let deps: EngineDeps;
const KEY = "uncertain-api-key-0123456789";

beforeAll(() => {
  ses = localSes(stub.endpoint, async () => {});
  deps = { ...t.deps, mailer: new SesMailer({ client: ses.client, configurationSet: "handoff-test" }) };
});
afterAll(() => ses.client.destroy());

const enrolled = (id: string) =>
  givenEnrolled(t.deps, id, "trial-nurture", {
    email: `${id.replace(/:/g, "-")}@example.com`,
    firstName: "Ana",
  });

function sendEvent(tags: Record<string, string[]>, messageId: string): SesEventDetail {
  return SesEventDetail.parse({
    eventType: "Send",
    mail: { timestamp: t.clock.now().toISOString(), messageId, tags },
    send: {},
  });
}

const uncertainList = async (query: Record<string, string> = {}) => {
  const response = await route(
    { engine: t.deps, auth: { apiKeys: [localAdminKey(KEY)], signingSecrets: [] } },
    { method: "GET", path: "/sends/uncertain", query, headers: { "x-api-key": KEY }, body: "" },
  );
  return { status: response.status, body: JSON.parse(response.body) };
};

describe("a send SES gave no outcome for", () => {
  it("answered 500: reaches SES once, becomes uncertain with the error and time, and the step goes on", async () => {
    const e = await enrolled("unc:1");
    stub.answer = { status: 500, errorType: "InternalServiceErrorException", body: { message: "oops" } };
    const handlers = stepHandlers(deps);
    const payload = welcomePayload("unc:1", e.id, NO_WINDOW);
    expect(await handlers.sendEmail(payload)).toMatchObject({ status: "uncertain" });
    expect(stub.requests).toHaveLength(1);
    const entry = await t.deps.store.getSend("unc:1", e.id, "welcome");
    expect(entry).toMatchObject({ status: "uncertain", uncertainAt: t.clock.now().toISOString() });
    expect(entry?.reason).toMatch(/InternalServiceErrorException/);
    // Step Functions' retry of the same step (or a redrive) sends nothing more.
    stub.answer = SES_OK;
    expect(await handlers.sendEmail(payload)).toMatchObject({ status: "uncertain" });
    expect(stub.requests).toHaveLength(1);
    const listed = await uncertainList();
    expect(listed.status).toBe(200);
    expect(listed.body.sends).toContainEqual(
      expect.objectContaining({ contactId: "unc:1", enrollmentId: e.id, stepId: "welcome" }),
    );
  });

  it("an SES Send event with the email's tags, as SES returns them, settles it as sent with the message id", async () => {
    const e = await enrolled("unc:2");
    stub.answer = { status: 503, errorType: "ServiceUnavailable", body: { message: "try later" } };
    await stepHandlers(deps).sendEmail(welcomePayload("unc:2", e.id, NO_WINDOW));
    const [request] = stub.requests;
    await receiveMailEvent(t.deps, mailEventOf(sendEvent(eventTagsOf(request!), "ses-msg-unc-2")));
    expect(await t.deps.store.getSend("unc:2", e.id, "welcome")).toMatchObject({
      status: "sent",
      messageId: "ses-msg-unc-2",
    });
    expect((await t.deps.store.findSendByMessageId("ses-msg-unc-2"))?.contactId).toBe("unc:2");
    const listed = await uncertainList();
    expect(listed.body.sends.map((s: { contactId: string }) => s.contactId)).not.toContain("unc:2");
  });

  it("a handler that died after the SES call: its retry marks the claim uncertain and sends nothing", async () => {
    const e = await enrolled("unc:3");
    await t.deps.store.claimSend({
      contactId: "unc:3",
      enrollmentId: e.id,
      stepId: "welcome",
      workflowId: "trial-nurture",
      status: "claimed",
      claimedAt: t.clock.now().toISOString(),
    });
    expect(await stepHandlers(deps).sendEmail(welcomePayload("unc:3", e.id, NO_WINDOW))).toMatchObject({
      status: "uncertain",
    });
    expect(stub.requests).toHaveLength(0);
    expect((await t.deps.store.getSend("unc:3", e.id, "welcome"))?.status).toBe("uncertain");
  });

  it("lists uncertain sends oldest first, a page at a time", async () => {
    for (const id of ["unc:4", "unc:5"]) {
      const e = await enrolled(id);
      stub.answer = { status: 500, errorType: "InternalFailure", body: {} };
      t.later();
      await stepHandlers(deps).sendEmail(welcomePayload(id, e.id, NO_WINDOW));
    }
    const all = (await uncertainList()).body.sends.map((s: { contactId: string }) => s.contactId);
    expect(all.slice(-2)).toEqual(["unc:4", "unc:5"]);
    const first = await uncertainList({ limit: "1" });
    expect(first.body.sends).toHaveLength(1);
    expect(typeof first.body.next).toBe("string");
    const second = await uncertainList({ limit: "1", after: first.body.next });
    expect(second.body.sends[0].contactId).toBe(all[1]);
    expect((await uncertainList({ limit: "0" })).status).toBe(400);
    expect((await uncertainList({ after: "not a cursor!" })).status).toBe(400);
  });
});

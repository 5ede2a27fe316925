import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadWorkspace } from "../../../src/compiler/load";
import { ownerOf } from "../../../src/core/engine/deps";
import { enroll, upsertContact } from "../../../src/core/engine/enroll-contact";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { startEngine, type TestEngine } from "../../helpers/engine";
import { validateInWorkspace } from "../../helpers/validate-text";
import { REPO } from "../../helpers/workspace";

let t: TestEngine;
beforeAll(async () => {
  t = await startEngine();
});
afterAll(async () => t.close());
beforeEach(() => t.slack.clear());

/** A contact whose own data tries to ping the whole channel and smuggle a disguised link. */
const HOSTILE = {
  firstName: "<!channel>",
  lastName: "<@U0ADMIN01>",
  company: "Evil & Co <https://evil.example|your bank>",
};

async function enrolled(id: string, workflow: string, extra: Record<string, unknown> = {}) {
  await upsertContact(t.deps, { id, email: `${id}@example.com`, timezone: "America/New_York", ...extra });
  const result = await enroll(t.deps, id, workflow);
  if (result.status !== "enrolled") throw new Error(result.status);
  return result.enrollment;
}

const controlSequences = /<!channel>|<!here>|<!everyone>|<@U0ADMIN01>|<https:\/\/evil/;

describe("Slack messages", () => {
  it("a notify step renders its Liquid, each value escaped for Slack", async () => {
    const e = await enrolled("sl-1", "trial-nurture", HOSTILE);
    await stepHandlers(t.deps).notify({
      workflow: "trial-nurture",
      contactId: "sl-1",
      enrollmentId: e.id,
      step: {
        id: "tell-sales",
        type: "notify",
        slack: "sales-alerts",
        message:
          "*{{ contact.firstName }}* from {{ contact.company }} attended: <https://app.acme.example|open>",
      },
    });
    const [post] = t.slack.posts;
    expect(post!.text).toBe(
      "*&lt;!channel&gt;* from Evil &amp; Co &lt;https://evil.example|your bank&gt; attended: <https://app.acme.example|open>",
    );
    expect(post!.text.replace("<https://app.acme.example|open>", "")).not.toMatch(controlSequences);
  });

  it("a handoff renders the marketer's message and @-mentions the new owner", async () => {
    const e = await enrolled("sl-2", "trial-nurture", { ...HOSTILE, owner: "rep-ana" });
    await stepHandlers(t.deps).handoff({
      workflow: "trial-nurture",
      contactId: "sl-2",
      enrollmentId: e.id,
      handoff: {
        to: "sdr-follow-up",
        notify: {
          slack: "sales-handoffs",
          message: "{{ contact.firstName }} at {{ contact.company }} is yours",
        },
      },
    });
    expect(t.slack.posts.map((p) => p.text)).toEqual([
      "<@U024BE7LH> &lt;!channel&gt; at Evil &amp; Co &lt;https://evil.example|your bank&gt; is yours",
    ]);
  });

  it("the default handoff message escapes contact data and mentions the owner assigned round-robin", async () => {
    const e = await enrolled("sl-3", "trial-nurture", HOSTILE);
    await stepHandlers(t.deps).handoff({
      workflow: "trial-nurture",
      contactId: "sl-3",
      enrollmentId: e.id,
      handoff: { to: "sdr-follow-up", assign: "round-robin", notify: { slack: "sales-handoffs" } },
    });
    const [post] = t.slack.posts;
    const owner = (await t.deps.store.getContact("sl-3"))!.owner!;
    const slackUser = ownerOf(t.deps, owner)?.slackUser;
    if (slackUser) expect(post!.text.startsWith(`<@${slackUser}> Handoff: `)).toBe(true);
    expect(post!.text).toContain("&lt;!channel&gt; &lt;@U0ADMIN01&gt; (Evil &amp; Co");
    expect(post!.text.replace(/^<@U[A-Z0-9]+> /, "")).not.toMatch(controlSequences);
  });

  it("a task step with notify tells the channel once, @-mentioning the owner, even when retried", async () => {
    const e = await enrolled("sl-4", "sdr-follow-up", {
      firstName: "Ana",
      company: "Globex",
      owner: "rep-raj",
    });
    const payload = {
      workflow: "sdr-follow-up",
      contactId: "sl-4",
      enrollmentId: e.id,
      taskToken: "tok-task-1",
      step: {
        id: "call",
        type: "task" as const,
        task: "call" as const,
        title: "Call {{ contact.firstName }} at {{ contact.company }}",
        seconds: 86400,
        notify: { slack: "sales-handoffs" },
      },
    };
    await stepHandlers(t.deps).task(payload);
    await stepHandlers(t.deps).task({ ...payload, taskToken: "tok-task-2" });
    expect(t.slack.posts).toHaveLength(1);
    expect(t.slack.posts[0]!.text).toBe(
      "<@U03KQ8N2D> New call task for Raj Patel: Call Ana at Globex · Ana (Globex) · due Wed 4 Mar 10:00 America/New_York",
    );
  });
});

/**
 * Contact data that tries every way out of its place in a Slack message: mentions and links (with
 * and without the marketer's `raw` filter), mrkdwn formatting that would bold, strike or open a code
 * block over the marketer's text, a line break to start a fake line or a quote, a plain @channel, a
 * right-to-left override that reverses what follows it.
 */
const BREAKOUT = {
  firstName: "*URGENT*\n> wire funds",
  lastName: "```~gone~",
  company: "_Globex_ @channel \u202Eevil",
  attributes: { note: "<!here> see <https://evil.example|invoice>\r\n*pay now*" },
};
const HOSTILE_MESSAGE =
  "{{ contact.firstName }} {{ contact.lastName }} of {{ contact.company }}: {{ contact.attributes.note }} / " +
  "{{ contact.firstName | raw }} {{ contact.attributes.note | raw }}";

/** Nothing a contact value carries can format, mention, link or break the line (mention aside). */
function expectInert(text: string) {
  const body = text.replace(/^<@U[A-Z0-9]+> /, "");
  expect(body).not.toMatch(/[<*~`\r\n\u202a-\u202e\u2066-\u2069]/);
  expect(body).not.toMatch(/(^|[\s(])_|_($|[\s).,:;])/);
  expect(body).not.toMatch(/(^|\s)@(channel|here|everyone)\b/);
  // Still legible: the values are there, in lookalike characters.
  expect(body).toContain("\u2217URGENT\u2217");
}

describe("hostile contact values in every Slack message Handoff posts", () => {
  it("a notify step's message, the raw filter included", async () => {
    const e = await enrolled("sb-1", "trial-nurture", BREAKOUT);
    await stepHandlers(t.deps).notify({
      workflow: "trial-nurture",
      contactId: "sb-1",
      enrollmentId: e.id,
      step: { id: "tell-sales", type: "notify", slack: "sales-alerts", message: HOSTILE_MESSAGE },
    });
    expect(t.slack.posts).toHaveLength(1);
    expectInert(t.slack.posts[0]!.text);
  });

  it("the raw filter cannot undo the escaping of a value", async () => {
    const e = await enrolled("sb-raw", "trial-nurture", BREAKOUT);
    await stepHandlers(t.deps).notify({
      workflow: "trial-nurture",
      contactId: "sb-raw",
      enrollmentId: e.id,
      step: {
        id: "tell-sales",
        type: "notify",
        slack: "sales-alerts",
        message: "Note: {{ contact.attributes.note | raw }}",
      },
    });
    expect(t.slack.posts[0]!.text).toBe(
      "Note: &lt;!here&gt; see &lt;https://evil.example|invoice&gt; \u2217pay now\u2217",
    );
  });

  it.each([
    ["the marketer's", HOSTILE_MESSAGE],
    ["the default", undefined],
  ])("a handoff with %s message", async (_which, message) => {
    const id = `sb-2-${message ? "custom" : "default"}`;
    const e = await enrolled(id, "trial-nurture", { ...BREAKOUT, owner: "rep-ana" });
    await stepHandlers(t.deps).handoff({
      workflow: "trial-nurture",
      contactId: id,
      enrollmentId: e.id,
      handoff: { to: "sdr-follow-up", notify: { slack: "sales-handoffs", ...(message ? { message } : {}) } },
    });
    expect(t.slack.posts).toHaveLength(1);
    expect(t.slack.posts[0]!.text.startsWith("<@U024BE7LH> ")).toBe(true);
    expectInert(t.slack.posts[0]!.text);
  });

  it.each([
    ["the marketer's", HOSTILE_MESSAGE],
    ["the default", undefined],
  ])("a task notice with %s message, its title built from contact data", async (_which, message) => {
    const id = `sb-3-${message ? "custom" : "default"}`;
    const e = await enrolled(id, "sdr-follow-up", { ...BREAKOUT, owner: "rep-raj" });
    await stepHandlers(t.deps).task({
      workflow: "sdr-follow-up",
      contactId: id,
      enrollmentId: e.id,
      taskToken: `tok-${id}`,
      step: {
        id: "call",
        type: "task",
        task: "call",
        title: "Call {{ contact.firstName }} ({{ contact.attributes.note }})",
        seconds: 86400,
        notify: { slack: "sales-handoffs", ...(message ? { message } : {}) },
      },
    });
    expect(t.slack.posts).toHaveLength(1);
    expectInert(t.slack.posts[0]!.text);
  });
});

describe("Slack settings the validator checks", () => {
  const base = loadWorkspace({ cwd: REPO });
  const settings = JSON.parse(readFileSync(join(REPO, "workflows/settings.json"), "utf8"));
  const validate = (value: unknown) =>
    validateInWorkspace(base, "workflows/settings.json", new TextEncoder().encode(JSON.stringify(value)));

  it("rejects a channel override an incoming webhook would ignore, saying why", () => {
    const withChannel = {
      ...settings,
      slack: { ...settings.slack, "sales-handoffs": { webhookSecret: "acme/slack/x", channel: "#sales" } },
    };
    const found = validate(withChannel).filter((v) => v.severity === "error");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: "/slack/sales-handoffs/channel", code: "unknown-field" });
    expect(found[0]!.message).toContain("posts to the channel it was created for");
  });

  it("rejects a slackUser that is a name rather than a member id", () => {
    const owners = [{ ...settings.owners[0], slackUser: "@ana" }, ...settings.owners.slice(1)];
    const found = validate({ ...settings, owners }).filter((v) => v.severity === "error");
    expect(found.map((v) => v.path)).toEqual(["/owners/0/slackUser"]);
    expect(found[0]!.message).toContain("Slack member id");
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { loadWorkspace } from "../../../src/compiler/load";
import { ownerOf } from "../../../src/core/engine/deps";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { engineForTests } from "../../helpers/engine";
import { type ContactFields, givenEnrolled } from "../../helpers/given";
import { payloadBase } from "../../helpers/step-payloads";
import { validateInWorkspace } from "../../helpers/validate-text";
import { REPO } from "../../helpers/workspace";

const t = engineForTests();
beforeEach(() => t.slack.clear());

/** A contact whose own data tries to ping the whole channel and smuggle a disguised link. */
const HOSTILE = {
  firstName: "<!channel>",
  lastName: "<@U0ADMIN01>",
  company: "Evil & Co <https://evil.example|your bank>",
};

const enrolled = (id: string, workflow: string, contact: ContactFields = {}) =>
  givenEnrolled(t.deps, id, workflow, { timezone: "America/New_York", ...contact });

/** A trial-nurture contact with the values of `contact`, told about in sales-alerts by a notify step. */
async function notifyAbout(id: string, contact: ContactFields, message: string) {
  const e = await enrolled(id, "trial-nurture", contact);
  const step = { id: "tell-sales", type: "notify" as const, slack: "sales-alerts", message };
  await stepHandlers(t.deps).notify({ ...payloadBase(id, e.id), step });
}

const controlSequences = /<!channel>|<!here>|<!everyone>|<@U0ADMIN01>|<https:\/\/evil/;

describe("Slack messages", () => {
  it("a notify step renders its Liquid, each value escaped for Slack", async () => {
    await notifyAbout(
      "sl-1",
      HOSTILE,
      "*{{ contact.firstName }}* from {{ contact.company }} attended: <https://app.acme.example|open>",
    );
    const [post] = t.slack.posts;
    expect(post!.text).toBe(
      "*&lt;!channel&gt;* from Evil &amp; Co &lt;https://evil.example|your bank&gt; attended: <https://app.acme.example|open>",
    );
    expect(post!.text.replace("<https://app.acme.example|open>", "")).not.toMatch(controlSequences);
  });

  it("a handoff renders the marketer's message and @-mentions the new owner", async () => {
    const e = await enrolled("sl-2", "trial-nurture", { ...HOSTILE, owner: "rep-ana" });
    await stepHandlers(t.deps).handoff({
      ...payloadBase("sl-2", e.id),
      handoff: {
        to: "sdr-follow-up",
        notify: {
          slack: "sales-handoffs",
          message: "{{ contact.firstName }} at {{ contact.company }} is yours",
        },
      },
    });
    // settings.sla: the message ends with the owner's "Accept or reject" link (src/core/engine/sla-links.ts).
    expect(t.slack.posts.map((p) => withoutAnswerLink(p.text))).toEqual([
      "<@U024BE7LH> &lt;!channel&gt; at Evil &amp; Co &lt;https://evil.example|your bank&gt; is yours",
    ]);
    expect(t.slack.posts[0]!.text).toMatch(ANSWER_LINK);
  });

  it("the default handoff message escapes contact data and mentions the owner assigned round-robin", async () => {
    const e = await enrolled("sl-3", "trial-nurture", HOSTILE);
    await stepHandlers(t.deps).handoff({
      ...payloadBase("sl-3", e.id),
      handoff: { to: "sdr-follow-up", assign: "round-robin", notify: { slack: "sales-handoffs" } },
    });
    const [post] = t.slack.posts;
    const owner = (await t.deps.store.getContact("sl-3"))!.owner!;
    const slackUser = ownerOf(t.deps, owner)?.slackUser;
    if (slackUser) expect(post!.text.startsWith(`<@${slackUser}> Handoff: `)).toBe(true);
    expect(post!.text).toContain("&lt;!channel&gt; &lt;@U0ADMIN01&gt; (Evil &amp; Co");
    expect(withoutAnswerLink(post!.text).replace(/^<@U[A-Z0-9]+> /, "")).not.toMatch(controlSequences);
  });

  it("a task step with notify tells the channel once, @-mentioning the owner, even when retried", async () => {
    const e = await enrolled("sl-4", "sdr-follow-up", {
      firstName: "Ana",
      company: "Globex",
      owner: "rep-raj",
    });
    const payload = {
      ...payloadBase("sl-4", e.id, "sdr-follow-up"),
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

/** The two messages a notice can have: the marketer's own (hostile here), or Handoff's default. */
const MESSAGES: Array<[string, string | undefined]> = [
  ["the marketer's", HOSTILE_MESSAGE],
  ["the default", undefined],
];

/** The line settings.sla adds to a handoff's message: Handoff's own link, the only markup allowed. */
const ANSWER_LINK = /\n<https:\/\/go\.acme\.example\/l\/[A-Za-z0-9._-]+\|Accept or reject>$/;
function withoutAnswerLink(text: string): string {
  return text.replace(ANSWER_LINK, "");
}

/** The notify part of a handoff or task step: to sales-handoffs, with `message` when there is one. */
const notifySales = (message: string | undefined) => ({
  slack: "sales-handoffs",
  ...(message ? { message } : {}),
});

/** Nothing a contact value carries can format, mention, link or break the line (mention aside). */
function expectInert(text: string) {
  const body = withoutAnswerLink(text).replace(/^<@U[A-Z0-9]+> /, "");
  expect(body).not.toMatch(/[<*~`\r\n\u202a-\u202e\u2066-\u2069]/);
  expect(body).not.toMatch(/(^|[\s(])_|_($|[\s).,:;])/);
  expect(body).not.toMatch(/(^|\s)@(channel|here|everyone)\b/);
  // Still legible: the values are there, in lookalike characters.
  expect(body).toContain("\u2217URGENT\u2217");
}

describe("hostile contact values in every Slack message Handoff posts", () => {
  it("a notify step's message, the raw filter included", async () => {
    await notifyAbout("sb-1", BREAKOUT, HOSTILE_MESSAGE);
    expect(t.slack.posts).toHaveLength(1);
    expectInert(t.slack.posts[0]!.text);
  });

  it("the raw filter cannot undo the escaping of a value", async () => {
    await notifyAbout("sb-raw", BREAKOUT, "Note: {{ contact.attributes.note | raw }}");
    expect(t.slack.posts[0]!.text).toBe(
      "Note: &lt;!here&gt; see &lt;https://evil.example|invoice&gt; \u2217pay now\u2217",
    );
  });

  it.each(MESSAGES)("a handoff with %s message", async (_which, message) => {
    const id = `sb-2-${message ? "custom" : "default"}`;
    const e = await enrolled(id, "trial-nurture", { ...BREAKOUT, owner: "rep-ana" });
    const handoff = { to: "sdr-follow-up", notify: notifySales(message) };
    await stepHandlers(t.deps).handoff({ ...payloadBase(id, e.id), handoff });
    expect(t.slack.posts).toHaveLength(1);
    expect(t.slack.posts[0]!.text.startsWith("<@U024BE7LH> ")).toBe(true);
    expectInert(t.slack.posts[0]!.text);
  });

  it.each(MESSAGES)(
    "a task notice with %s message, its title built from contact data",
    async (_which, message) => {
      const id = `sb-3-${message ? "custom" : "default"}`;
      const e = await enrolled(id, "sdr-follow-up", { ...BREAKOUT, owner: "rep-raj" });
      const title = "Call {{ contact.firstName }} ({{ contact.attributes.note }})";
      const step = { id: "call", type: "task" as const, task: "call" as const, title, seconds: 86400 };
      await stepHandlers(t.deps).task({
        ...payloadBase(id, e.id, "sdr-follow-up"),
        taskToken: `tok-${id}`,
        step: { ...step, notify: notifySales(message) },
      });
      expect(t.slack.posts).toHaveLength(1);
      expectInert(t.slack.posts[0]!.text);
    },
  );
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

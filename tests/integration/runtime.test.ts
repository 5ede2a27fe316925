import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvent } from "../../src/core/engine/ingest";
import { LocalRuntime } from "../../src/runtime/local-runtime";
import { givenEnrolled } from "../helpers/given";
import { REPO } from "../helpers/workspace";

const DAY = 86400_000;
const START = Date.parse("2026-03-02T14:00:00Z"); // a Monday, 09:00 in New York

describe("the local runtime on the real local servers", () => {
  let rt: LocalRuntime;
  beforeAll(async () => {
    rt = await LocalRuntime.start({ cwd: REPO, start: new Date(START) });
  });
  afterAll(async () => rt.close());

  it("runs a 30-day drip on virtual time, sends every email once and completes the enrollment", async () => {
    await givenEnrolled(rt.deps, "rt-1", "trial-nurture", { firstName: "Ana", timezone: "America/New_York" });
    // The virtual instants runUntil jumps to: each the deadline of a wait (src/runtime/token-broker.ts).
    const jumps: string[] = [];
    await rt.runUntil(START + 30 * DAY, (now) => jumps.push(new Date(now).toISOString()));
    const mails = (await rt.servers.ses!.store()).filter((m) =>
      m.destination.to.includes("rt-1@example.com"),
    );
    expect(mails.map((m) => m.subject)).toHaveLength(5);
    expect((await rt.deps.store.getEnrollment("rt-1", "trial-nurture.1"))?.status).toBe("completed");
    // One state per email and the wait after it (the last one keeps the settle), the branch and the
    // completion: 7 on the path, plus wait-3's own state and no hold: the email before it saw that
    // invite-team would come due on Sunday and stretched the wait to Monday 09:00.
    expect(rt.usage.stateTransitions).toBe(8);
    const invite = await rt.deps.store.getSend("rt-1", "trial-nurture.1", "invite-team");
    expect(invite?.sentAt).toBe("2026-03-09T13:00:00.000Z"); // Monday 09:00 in New York (EDT since Sunday)
    // The waits ended on the virtual clock, not in real time: runUntil jumped to the deadline of
    // each of the four pauses between the five emails (wait-3's in its own state) and of the settle
    // pause, the invite went out
    // at one of those instants, and the clock stands 30 days on.
    expect(jumps).toHaveLength(5);
    expect(jumps).toContain(invite?.sentAt);
    expect(rt.clock.millis()).toBe(START + 30 * DAY);
  });

  it("hands off mid-wait at once when a pricing click arrives", async () => {
    await givenEnrolled(rt.deps, "rt-2", "trial-nurture", { firstName: "Bo", timezone: "Europe/Berlin" });
    const now = rt.clock.millis();
    rt.schedule(now + 1.5 * DAY, async () => {
      await ingestEvent(rt.deps, {
        id: "rt-2-click",
        contactId: "rt-2",
        name: "email.click",
        at: rt.clock.now().toISOString(),
        properties: { link: "pricing" },
      });
    });
    await rt.runUntil(now + 1.5 * DAY + 60_000);
    expect((await rt.deps.store.getEnrollment("rt-2", "trial-nurture.1"))?.status).toBe("handed-off");
    expect((await rt.deps.store.getContact("rt-2"))?.stage).toBe("sql");
    expect((await rt.deps.store.listEnrollments("rt-2", "sdr-follow-up"))[0]?.status).toBe("active");
    expect(rt.slack.posts.some((p) => p.channel === "sales-handoffs")).toBe(true);
  });
});

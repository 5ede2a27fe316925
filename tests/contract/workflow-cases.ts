import { describe, expect, it } from "vitest";
import type { Enrollment, EnrollmentStatus } from "../../src/core/model";
import { type StoreUnderTest, storeOfRunningTest } from "./contact-store.contract";
import { anEnrollment, aSend, aTask, at, T0 } from "./fixtures";

/** Enrollments, the send ledger, rep tasks and counters: part of the ContactStore contract. */
export function workflowCases(current: () => StoreUnderTest): void {
  const store = storeOfRunningTest(current);

  describe("enrollments", () => {
    it("creates an enrollment once and reads it by its id", async () => {
      const enrollment = anEnrollment("c-1", "trial-nurture", 2, {
        source: { enrollmentId: "welcome.1", workflowId: "welcome", why: "onComplete" },
        pause: {
          token: "tok",
          stepId: "wait-1",
          kind: "waitFor",
          startedAt: T0,
          deadline: at(60),
          event: { name: "email.click", link: "docs", where: { n: 1 } },
        },
      });
      expect(await store.createEnrollment(enrollment)).toBe(true);
      expect(await store.createEnrollment({ ...enrollment, status: "failed" })).toBe(false);
      expect(await store.getEnrollment("c-1", "trial-nurture.2")).toEqual(enrollment);
      expect(await store.getEnrollment("c-1", "trial-nurture.1")).toBeUndefined();
      expect(await store.getEnrollment("c-2", "trial-nurture.2")).toBeUndefined();
      for (const bad of ["trial-nurture", "trial-nurture.", "trial-nurture.x", ".2", "trial-nurture.02"]) {
        expect(await store.getEnrollment("c-1", bad)).toBeUndefined();
      }
    });

    it("refuses an enrollment whose id is not <workflowId>.<seq>", async () => {
      await expect(
        store.createEnrollment({ ...anEnrollment("c-1", "trial", 1), id: "trial.2" }),
      ).rejects.toThrow();
      await expect(store.createEnrollment(anEnrollment("c-1", "trial", 0))).rejects.toThrow();
    });

    it("lists a contact's enrollments, of one workflow when asked, in workflow and seq order", async () => {
      const all = [
        anEnrollment("c-1", "trial-nurture", 10),
        anEnrollment("c-1", "trial", 1),
        anEnrollment("c-1", "trial-nurture", 2),
        anEnrollment("c-1", "trial-nurture", 1),
      ];
      for (const e of all) await store.createEnrollment(e);
      await store.createEnrollment(anEnrollment("c-2", "trial", 1));
      const ids = async (wf?: string) => (await store.listEnrollments("c-1", wf)).map((e) => e.id);
      expect(await ids()).toEqual(["trial.1", "trial-nurture.1", "trial-nurture.2", "trial-nurture.10"]);
      expect(await ids("trial")).toEqual(["trial.1"]);
      expect(await ids("trial-nurture")).toEqual(["trial-nurture.1", "trial-nurture.2", "trial-nurture.10"]);
      expect(await ids("none")).toEqual([]);
    });

    it("applies a patch only when the status is one of `onlyIf`", async () => {
      await store.createEnrollment(anEnrollment("c-1", "trial", 1, { reason: "x" }));
      expect(
        await store.updateEnrollment("c-1", "trial.1", { currentStep: "wait-1", reason: undefined }),
      ).toBe(true);
      expect(await store.updateEnrollment("c-1", "trial.1", { status: "completed" }, ["stopped"])).toBe(
        false,
      );
      expect(
        await store.updateEnrollment("c-1", "trial.1", { status: "completed", endedAt: at(9) }, ["active"]),
      ).toBe(true);
      expect(await store.updateEnrollment("c-1", "trial.1", { status: "failed" }, ["active"])).toBe(false);
      expect(await store.updateEnrollment("c-1", "trial.1", {}, ["active"])).toBe(false);
      expect(await store.updateEnrollment("c-1", "trial.1", {}, ["completed"])).toBe(true);
      expect(await store.updateEnrollment("c-1", "trial.1", { reason: "y" }, [])).toBe(false);
      const { reason: _gone, ...rest } = anEnrollment("c-1", "trial", 1, { reason: "x" });
      expect(await store.getEnrollment("c-1", "trial.1")).toEqual({
        ...rest,
        currentStep: "wait-1",
        status: "completed",
        endedAt: at(9),
      });
    });

    it("does not create an enrollment through an update", async () => {
      expect(await store.updateEnrollment("c-1", "trial.1", { status: "active" })).toBe(false);
      expect(await store.updateEnrollment("c-1", "trial.1", {})).toBe(false);
      expect(await store.updateEnrollment("c-1", "trial.1", { status: "stopped" }, ["active"])).toBe(false);
      expect(await store.clearPause("c-1", "trial.1", "tok")).toBe(false);
      expect(await store.getEnrollment("c-1", "trial.1")).toBeUndefined();
      expect(await store.listEnrollments("c-1")).toEqual([]);
    });

    it("clears a pause only while it still holds the token", async () => {
      const pause = {
        token: "tok-2",
        stepId: "wait-2",
        kind: "wait" as const,
        startedAt: T0,
        deadline: at(60),
      };
      await store.createEnrollment(anEnrollment("c-1", "trial", 1, { pause }));
      expect(await store.clearPause("c-1", "trial.1", "tok-1")).toBe(false);
      expect((await store.getEnrollment("c-1", "trial.1"))?.pause).toEqual(pause);
      expect(await store.clearPause("c-1", "trial.1", "tok-2")).toBe(true);
      expect(await store.getEnrollment("c-1", "trial.1")).toEqual(anEnrollment("c-1", "trial", 1));
      expect(await store.clearPause("c-1", "trial.1", "tok-2")).toBe(false);
    });

    it("lists enrollments by status across contacts, optionally of one workflow", async () => {
      await store.createEnrollment(anEnrollment("c-1", "trial", 1, { status: "failed", startedAt: at(2) }));
      await store.createEnrollment(anEnrollment("c-2", "trial", 1, { status: "failed", startedAt: at(1) }));
      await store.createEnrollment(anEnrollment("c-3", "other", 1, { status: "failed" }));
      await store.createEnrollment(anEnrollment("c-4", "trial", 1));
      const ids = (list: Enrollment[]) => list.map((e) => `${e.contactId}/${e.id}`);
      const list = async (status: EnrollmentStatus, workflowId?: string) =>
        (await store.listEnrollmentsByStatus(status, { ...(workflowId ? { workflowId } : {}), limit: 100 }))
          .items;
      expect(ids(await list("failed", "trial"))).toEqual(["c-2/trial.1", "c-1/trial.1"]);
      expect(ids(await list("failed"))).toEqual(["c-3/other.1", "c-2/trial.1", "c-1/trial.1"]);
      expect(await list("failed", "tri")).toEqual([]);
      await store.updateEnrollment("c-1", "trial.1", { status: "active" }, ["failed"]);
      expect(ids(await list("active", "trial")).sort()).toEqual(["c-1/trial.1", "c-4/trial.1"]);
      expect(await list("failed", "trial")).toEqual([
        anEnrollment("c-2", "trial", 1, { status: "failed", startedAt: at(1) }),
      ]);
    });

    it("keeps the enrollment's status index in step with its status", async () => {
      await store.createEnrollment(anEnrollment("c-1", "trial", 1));
      await store.createEnrollment(anEnrollment("c-2", "trial", 1, { startedAt: at(1) }));
      await store.createEnrollment(anEnrollment("c-3", "other", 1));
      await store.updateEnrollment("c-1", "trial.1", { status: "handed-off" }, ["active"]);
      const inIndex = async (status: EnrollmentStatus) => {
        const { indexedEnrollments } = current();
        if (indexedEnrollments) return (await indexedEnrollments(status, "trial")).sort();
        const rows = await Promise.all(["c-1", "c-2"].map((c) => store.listEnrollments(c, "trial")));
        return rows
          .flat()
          .filter((e) => e.status === status)
          .map((e) => `${e.contactId}/${e.id}`)
          .sort();
      };
      expect(await inIndex("active")).toEqual(["c-2/trial.1"]);
      expect(await inIndex("handed-off")).toEqual(["c-1/trial.1"]);
      await store.updateEnrollment("c-2", "trial.1", { status: "stopped", reason: "replied" });
      expect(await inIndex("active")).toEqual([]);
      expect(await inIndex("stopped")).toEqual(["c-2/trial.1"]);
    });
  });

  describe("send ledger", () => {
    it("claims a send once: the second claim gets the first record", async () => {
      const first = aSend("c-1", "trial.1", "welcome", { links: { docs: "https://example.com/docs" } });
      expect(await store.claimSend(first)).toEqual({ claimed: true, record: first });
      const again = await store.claimSend({ ...first, claimedAt: at(1), links: {} });
      expect(again).toEqual({ claimed: false, record: first });
      expect(await store.getSend("c-1", "trial.1", "welcome")).toEqual(first);
      expect((await store.claimSend(aSend("c-1", "trial.1", "first-steps"))).claimed).toBe(true);
      expect((await store.claimSend(aSend("c-1", "trial.2", "welcome"))).claimed).toBe(true);
    });

    it("lets exactly one of 20 concurrent claims win", async () => {
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.claimSend(aSend("c-1", "trial.1", "welcome", { claimedAt: at(i) })),
        ),
      );
      const winners = claims.filter((c) => c.claimed);
      expect(winners).toHaveLength(1);
      for (const claim of claims) expect(claim.record).toEqual(winners[0]!.record);
      expect(await store.getSend("c-1", "trial.1", "welcome")).toEqual(winners[0]!.record);
    });

    it("releases a claim SES refused, once, and lets the next claim take it", async () => {
      await store.claimSend(aSend("c-1", "trial.1", "welcome"));
      expect(await store.releaseSend("c-1", "trial.1", "welcome", "throttled")).toBe(true);
      expect(await store.releaseSend("c-1", "trial.1", "welcome", "again")).toBe(false);
      expect(await store.getSend("c-1", "trial.1", "welcome")).toMatchObject({
        status: "released",
        reason: "throttled",
      });
      const retry = aSend("c-1", "trial.1", "welcome", { claimedAt: at(5) });
      expect(await store.claimSend(retry)).toEqual({ claimed: true, record: retry });
      expect((await store.claimSend(aSend("c-1", "trial.1", "welcome"))).claimed).toBe(false);
      await store.completeSend("c-1", "trial.1", "welcome", { status: "sent", messageId: "m-1" });
      expect(await store.releaseSend("c-1", "trial.1", "welcome", "late")).toBe(false);
      expect(await store.releaseSend("c-9", "trial.1", "welcome", "never claimed")).toBe(false);
      expect(await store.getSend("c-9", "trial.1", "welcome")).toBeUndefined();
    });

    it("completes a send and finds it by its message id", async () => {
      await store.claimSend(aSend("c-1", "trial.1", "welcome"));
      await store.claimSend(aSend("c-2", "trial.1", "welcome"));
      const patch = {
        status: "sent" as const,
        sentAt: at(1),
        messageId: "ses-1",
        headerMessageId: "<h@x>",
        subject: "Hi",
      };
      await store.completeSend("c-1", "trial.1", "welcome", patch);
      const sent = { ...aSend("c-1", "trial.1", "welcome"), ...patch };
      expect(await store.getSend("c-1", "trial.1", "welcome")).toEqual(sent);
      expect(await store.findSendByMessageId("ses-1")).toEqual(sent);
      expect(await store.findSendByMessageId("ses-2")).toBeUndefined();
      await store.completeSend("c-2", "trial.1", "welcome", { status: "skipped", reason: "suppressed" });
      expect((await store.getSend("c-2", "trial.1", "welcome"))?.status).toBe("skipped");
      expect(await store.getSend("c-3", "trial.1", "welcome")).toBeUndefined();
    });

    it("refuses to complete a send that was never claimed (nothing is created)", async () => {
      await expect(store.completeSend("c-1", "trial.1", "welcome", { status: "sent" })).rejects.toThrow(
        /not found/,
      );
      await expect(store.completeSend("c-1", "trial.1", "welcome", {})).rejects.toThrow(/not found/);
      expect(await store.getSend("c-1", "trial.1", "welcome")).toBeUndefined();
    });
  });

  describe("rep tasks", () => {
    it("creates a task once and updates it only from the statuses allowed", async () => {
      const task = aTask("t-1");
      expect(await store.createTask(task)).toBe(true);
      expect(await store.createTask({ ...task, title: "other" })).toBe(false);
      expect(await store.getTask("t-1")).toEqual(task);
      const done = { status: "completed" as const, completedAt: at(2), notes: undefined };
      expect(await store.updateTask("t-1", done, ["open"])).toBe(true);
      expect(await store.updateTask("t-1", { status: "timedOut" }, ["open"])).toBe(false);
      const { notes: _gone, ...rest } = task;
      expect(await store.getTask("t-1")).toEqual({ ...rest, status: "completed", completedAt: at(2) });
      expect(await store.updateTask("ghost", { status: "open" })).toBe(false);
      expect(await store.getTask("ghost")).toBeUndefined();
    });

    it("lists a rep's tasks by status, soonest deadline first, following every change", async () => {
      await store.createTask(aTask("t-late", { deadline: at(90) }));
      await store.createTask(aTask("t-soon", { deadline: at(30) }));
      await store.createTask(aTask("t-other", { owner: "rep-2" }));
      await store.createTask(aTask("t-none", { owner: undefined }));
      const ids = async (owner: string, status?: "open" | "completed") =>
        (await store.listTasks(owner, status)).map((task) => task.id);
      expect(await ids("rep-1", "open")).toEqual(["t-soon", "t-late"]);
      await store.updateTask("t-soon", { status: "completed" }, ["open"]);
      await store.updateTask("t-late", { deadline: at(10) });
      await store.updateTask("t-other", { owner: "rep-1" });
      expect(await ids("rep-1", "open")).toEqual(["t-late", "t-other"]);
      expect(await ids("rep-1", "completed")).toEqual(["t-soon"]);
      expect(await ids("rep-1")).toEqual(["t-soon", "t-late", "t-other"]);
      expect(await ids("rep-2")).toEqual([]);
      await store.updateTask("t-other", { owner: undefined });
      expect(await ids("rep-1", "open")).toEqual(["t-late"]);
      expect((await store.getTask("t-other"))?.owner).toBeUndefined();
    });

    it("lists a task under its latest owner, status and deadline after racing updates", async () => {
      await store.createTask(aTask("t-1"));
      const owner = [
        store.updateTask("t-1", { owner: "rep-2" }),
        store.updateTask("t-1", { notes: "voicemail" }),
      ];
      expect(await Promise.all(owner)).toEqual([true, true]);
      expect((await store.listTasks("rep-2")).map((t) => t.id)).toEqual(["t-1"]);
      expect(await store.listTasks("rep-1")).toEqual([]);
      const timing = [
        store.updateTask("t-1", { status: "completed", completedAt: at(3) }, ["open"]),
        store.updateTask("t-1", { deadline: at(5) }),
      ];
      expect(await Promise.all(timing)).toEqual([true, true]);
      const task = aTask("t-1", { status: "completed", completedAt: at(3), deadline: at(5), owner: "rep-2" });
      expect(await store.getTask("t-1")).toEqual({ ...task, notes: "voicemail" });
      expect((await store.listTasks("rep-2", "completed")).map((t) => t.deadline)).toEqual([at(5)]);
      expect(await store.listTasks("rep-2", "open")).toEqual([]);
    });
  });

  describe("counters", () => {
    it("counts up from 1, each counter on its own", async () => {
      expect(await store.increment("round-robin")).toBe(1);
      expect(await store.increment("round-robin")).toBe(2);
      expect(await store.increment("other")).toBe(1);
      expect(await store.increment("round-robin")).toBe(3);
    });

    it("hands out distinct values under concurrency", async () => {
      const values = await Promise.all(Array.from({ length: 20 }, () => store.increment("round-robin")));
      expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await store.increment("round-robin")).toBe(21);
    });
  });
}

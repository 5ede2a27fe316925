import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveApi } from "../../src/adapters/local/http-server";
import { enroll, upsertContact } from "../../src/core/engine/enroll-contact";
import { failedEnrollments, redriveEnrollment } from "../../src/core/engine/redrive";
import { markNotSent, SendingPausedError } from "../../src/core/errors";
import type { OutboundEmail } from "../../src/core/ports";
import { LocalRuntime } from "../../src/runtime/local-runtime";
import { REPO } from "../helpers/workspace";

const DAY = 86400_000;
const run = promisify(execFile);
const START = Date.parse("2026-03-02T14:00:00Z"); // a Monday, 09:00 in New York

describe("a failed enrollment and its redrive (local runtime, in-memory store)", () => {
  let rt: LocalRuntime;
  let paused = false;
  const sent: OutboundEmail[] = [];
  let attempts = 0;
  beforeAll(async () => {
    rt = await LocalRuntime.start({
      cwd: REPO,
      start: new Date(START),
      backend: "memory",
      onSend: (email) => sent.push(email),
      decorate: {
        mailer: (mailer) => ({
          async send(email) {
            attempts++;
            if (paused)
              throw markNotSent(new SendingPausedError("SES SendEmail failed: SendingPausedException"));
            return mailer.send(email);
          },
        }),
      },
    });
  });
  afterAll(async () => rt.close());

  it("fails with its reason once SES stays paused past every retry, and a redrive resumes it at that email, sending it once", async () => {
    await upsertContact(rt.deps, { id: "rd-1", email: "rd-1@example.com", timezone: "America/New_York" });
    await enroll(rt.deps, "rd-1", "trial-nurture");
    await rt.runUntil(START + 1000);
    expect(sent.map((m) => m.tags.step)).toEqual(["welcome"]);

    paused = true;
    attempts = 0;
    await rt.runUntil(START + 2 * DAY);
    // The email task's SendingPaused retrier: 1 attempt and 5 retries, then the execution fails.
    expect(attempts).toBe(6);
    expect((await failedEnrollments(rt.deps, { limit: 100 })).items).toEqual([
      {
        contactId: "rd-1",
        enrollmentId: "trial-nurture.1",
        workflowId: "trial-nurture",
        reason: expect.stringMatching(/^Handoff\.SendingPaused: .*SendingPausedException/),
        failedAt: expect.any(String),
        currentStep: "wait-1",
      },
    ]);
    expect(await rt.deps.store.getSend("rd-1", "trial-nurture.1", "first-steps")).toMatchObject({
      status: "released",
    });

    paused = false;
    expect(await redriveEnrollment(rt.deps, "rd-1", "trial-nurture.1")).toEqual({
      status: "redriven",
      contactId: "rd-1",
      enrollmentId: "trial-nurture.1",
    });
    expect(await redriveEnrollment(rt.deps, "rd-1", "trial-nurture.1")).toMatchObject({
      status: "not-failed",
    });
    await rt.runUntil(START + 40 * DAY);
    expect(sent.map((m) => m.tags.step)).toEqual([
      "welcome",
      "first-steps",
      "re-engage",
      "invite-team",
      "last-call",
    ]);
    expect((await rt.deps.store.getEnrollment("rd-1", "trial-nurture.1"))?.status).toBe("completed");
    expect((await failedEnrollments(rt.deps, { limit: 100 })).items).toEqual([]);
  });

  it("`handoff failed` lists them through the HTTP API and `handoff failed --redrive` resumes them", async () => {
    await upsertContact(rt.deps, { id: "rd-2", email: "rd-2@example.com", timezone: "America/New_York" });
    await enroll(rt.deps, "rd-2", "trial-nurture");
    paused = true;
    await rt.runUntil(rt.clock.millis() + 2 * DAY);
    const server = await serveApi(
      rt.http({ apiKeys: [{ name: "ops", key: "ops-key", scope: "admin" }], signingSecrets: [] }),
    );
    try {
      const cli = (...args: string[]) =>
        run(process.execPath, [join(REPO, "src/cli/bin.js"), "failed", "--api", server.url, ...args], {
          cwd: REPO,
          env: { ...process.env, CI: "true" },
        });
      const listed = JSON.parse((await cli("--api-key", "ops-key", "--json")).stdout);
      expect(listed.failed.map((f: { contactId: string }) => f.contactId)).toEqual(["rd-2"]);
      const text = (await cli("--api-key", "ops-key", "--workflow", "trial-nurture")).stdout;
      expect(text).toMatch(/rd-2 {2}trial-nurture\.1 {2}at welcome: Handoff\.SendingPaused/);
      await expect(cli("--api-key", "wrong")).rejects.toMatchObject({ stderr: expect.stringMatching(/401/) });
      paused = false;
      const redriven = await cli("--api-key", "ops-key", "--redrive");
      expect(redriven.stdout).toContain("1 of 1 failed enrollment(s) redriven");
    } finally {
      await server.close();
    }
    await rt.runUntil(rt.clock.millis() + 40 * DAY);
    expect(sent.filter((m) => m.tags.contact === "rd-2").map((m) => m.tags.step)).toHaveLength(5);
    expect((await rt.deps.store.getEnrollment("rd-2", "trial-nurture.1"))?.status).toBe("completed");
  });

  it("refuses to redrive what did not fail or does not exist", async () => {
    expect(await redriveEnrollment(rt.deps, "rd-1", "trial-nurture.1")).toMatchObject({
      status: "not-failed",
    });
    expect(await redriveEnrollment(rt.deps, "nobody", "trial-nurture.1")).toMatchObject({
      status: "not-found",
    });
  });
});

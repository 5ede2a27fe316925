/**
 * `handoff smoke` against a local stage whose SES side is broken on purpose, one check at a time:
 * exit 1, that check's failure and what to do, and every other check still reported.
 */
import { describe, expect, it } from "vitest";
import { FIXES } from "../../src/cli/smoke/causes";
import { SMOKE_CHECK_IDS } from "../../src/cli/smoke/plan";
import type { ContactStore } from "../../src/core/ports";
import type { SimulatorOutcome } from "../../src/core/smoke";
import { addressOf, byStatus, checkOf, smokeAgainstBroken } from "../helpers/smoke-stage";
import { hooked } from "../helpers/store-hook";

/** A failing check waits this long; the others end within seconds. */
const TIMEOUT = 15;
const others = (...failing: string[]) => SMOKE_CHECK_IDS.filter((id) => !failing.includes(id));

/** A store that loses the suppression-list write of `outcome`'s addresses (the bounce or complaint is still recorded). */
const losingSuppressionOf = (outcome: SimulatorOutcome) => (store: ContactStore) =>
  hooked(store, "suppress", (original) => async (suppression) => {
    if (!addressOf(outcome)(suppression.email)) await original(suppression);
  });

describe("handoff smoke, each SES-side check broken on purpose", () => {
  it("delivery: no configuration-set events come back", async () => {
    const { code, report } = await smokeAgainstBroken({ sesSimulator: { events: "lost" } }, TIMEOUT);
    expect(code).toBe(1);
    const delivery = checkOf(report, "delivery");
    expect(delivery).toMatchObject({ status: "fail", fix: FIXES["ses-events"] });
    expect(delivery.detail).toBe(`the email was sent but no delivery event came back within ${TIMEOUT} s`);
    // The bounce, complaint and out-of-office checks need SES's events too; the rest pass.
    const failing = ["delivery", "bounce", "complaint", "suppression-list", "out-of-office"];
    expect(byStatus(report)).toEqual({ fail: failing, pass: others(...failing), skip: [] });
    expect(checkOf(report, "bounce").detail).toContain("no bounce came back");
  }, 90_000);

  for (const [check, outcome, reason] of [
    ["bounce", "bounce", "bounced"],
    ["complaint", "complaint", "complained"],
    ["suppression-list", "suppressionlist", "bounced"],
  ] as const)
    it(`${check}: the suppression of its address is lost`, async () => {
      const decorate = { store: losingSuppressionOf(outcome) };
      const { code, report } = await smokeAgainstBroken({ decorate }, TIMEOUT);
      expect(code).toBe(1);
      const failed = checkOf(report, check);
      expect(failed).toMatchObject({ status: "fail", fix: FIXES["not-suppressed"] });
      expect(failed.detail).toMatch(
        new RegExp(`^the address was not suppressed as ${reason}: enrolling it again answered 201`),
      );
      expect(byStatus(report), JSON.stringify(report.checks, null, 1)).toEqual({
        fail: [check],
        pass: others(check),
        skip: [],
      });
    }, 90_000);

  it("out-of-office: an auto-reply is taken as a reply", async () => {
    const store = (inner: ContactStore) =>
      hooked(
        inner,
        "recordEvent",
        (original) => (event) =>
          original(event.name === "email.autoreply" ? { ...event, name: "email.reply" } : event),
      );
    const { code, report } = await smokeAgainstBroken({ decorate: { store } }, TIMEOUT);
    expect(code).toBe(1);
    expect(checkOf(report, "out-of-office")).toMatchObject({
      status: "fail",
      detail: "the out-of-office answer was recorded as a reply",
      fix: FIXES["autoreply-as-reply"],
    });
    expect(byStatus(report)).toEqual({ fail: ["out-of-office"], pass: others("out-of-office"), skip: [] });
  }, 90_000);

  it("reply: the receipt rule set is not active", async () => {
    const { code, report } = await smokeAgainstBroken({ sesSimulator: { receiving: "inactive" } }, TIMEOUT);
    expect(code).toBe(1);
    const reply = checkOf(report, "reply");
    expect(reply).toMatchObject({ status: "fail", fix: FIXES.receiving });
    expect(reply.detail).toBe(
      `mail to the reply address (reply.handoff.local) did not reach the inbound function within ${TIMEOUT} s`,
    );
    // The out-of-office answer had nowhere to go either: still not a reply, and it says so.
    expect(checkOf(report, "out-of-office").detail).toContain(
      "no out-of-office answer reached the inbound function",
    );
    expect(byStatus(report)).toEqual({ fail: ["reply"], pass: others("reply"), skip: [] });
  }, 90_000);
});

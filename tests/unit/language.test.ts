import { describe, expect, it } from "vitest";
import { closest } from "../../src/compiler/suggest";
import { Duration, durationSeconds, parseDays, parseHours, Scenario } from "../../src/core/language";
import { isMergeField } from "../../src/core/merge-fields";
import { durationMillis, momentMillis } from "../../src/runtime/scenario/moments";

describe("durations", () => {
  it.each([
    ["30m", 1800],
    ["4h", 14400],
    ["2d", 172800],
    ["1w", 604800],
    ["P2D", 172800],
    ["PT4H", 14400],
    ["P1DT12H", 129600],
    ["P1W", 604800],
    ["PT90S", 90],
  ])("%s is %i seconds", (text, seconds) => {
    expect(durationSeconds(text)).toBe(seconds);
  });

  it.each(["2 days", "2D", "P", "PT", "P1M", "P1Y", "-1d", "1.5d", "", "d"])(
    "%s is not a duration",
    (text) => {
      expect(durationSeconds(text)).toBeUndefined();
    },
  );
});

describe("send windows", () => {
  it("reads day ranges, lists, wrapping ranges and aliases", () => {
    expect([...parseDays("mon-fri")!].sort()).toEqual([1, 2, 3, 4, 5]);
    expect([...parseDays("mon,wed,fri")!].sort()).toEqual([1, 3, 5]);
    expect([...parseDays("fri-mon")!].sort()).toEqual([0, 1, 5, 6]);
    expect([...parseDays("weekends")!].sort()).toEqual([0, 6]);
    expect(parseDays("daily")!.size).toBe(7);
    expect(parseDays("monday-friday")).toBeUndefined();
    expect(parseDays("mon-fri-sat")).toBeUndefined();
  });

  it("reads hours on a 24-hour clock, start before end", () => {
    expect(parseHours("09:00-17:00")).toEqual({ start: 540, end: 1020 });
    expect(parseHours("00:00-24:00")).toEqual({ start: 0, end: 1440 });
    expect(parseHours("17:00-09:00")).toBeUndefined();
    expect(parseHours("9-5")).toBeUndefined();
    expect(parseHours("09:00-25:00")).toBeUndefined();
  });
});

describe("merge fields", () => {
  it("allows the contract's names and any contact attribute", () => {
    for (const ok of [
      ["contact", "firstName"],
      ["owner", "email"],
      ["campaign", "name"],
      ["settings", "postalAddress"],
      ["unsubscribeUrl"],
      ["contact", "attributes", "plan", "tier"],
    ]) {
      expect(isMergeField(ok), ok.join(".")).toBe(true);
    }
    for (const bad of [
      ["contact"],
      ["contact", "fristName"],
      ["settings", "links"],
      ["unsubscribeUrl", "x"],
      ["user", "name"],
      ["contact", "firstName", "x"],
    ]) {
      expect(isMergeField(bad), bad.join(".")).toBe(false);
    }
  });
});

describe("did-you-mean", () => {
  it("suggests a close name and stays quiet for a far one", () => {
    expect(closest("pause-9", ["welcome", "pause-1", "pause-3"])).toBe("pause-1");
    expect(closest("emial", ["email", "wait"])).toBe("email");
    expect(closest("zzzzzz", ["email", "wait"])).toBeUndefined();
  });
});

describe("scenario times", () => {
  const base = {
    kind: "scenario",
    name: "times",
    start: "2026-03-02T14:00:00Z",
    until: "P30D",
    contacts: [{ id: "c1", email: "c1@example.com" }],
    expect: [{ contact: "c1", emails: 0 }],
  };
  const start = Date.parse(base.start);

  it.each([
    ["30d", start + 30 * 86400_000],
    ["4h", start + 4 * 3600_000],
    ["0m", start],
    ["1w", start + 7 * 86400_000],
    ["P3DT1H", start + 73 * 3600_000],
    ["PT0S", start],
    ["2026-03-05T15:00:00Z", Date.parse("2026-03-05T15:00:00Z")],
  ])("%s is a moment of a scenario", (moment, millis) => {
    const parsed = Scenario.safeParse({
      ...base,
      until: moment,
      enroll: [{ contact: "c1", into: "x", at: moment }],
    });
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(momentMillis(start, moment)).toBe(millis);
  });

  it.each(["P3D1H", "3 days", "30D", "2026-03-05", ""])("%s is not a moment", (moment) => {
    expect(Scenario.safeParse({ ...base, until: moment }).success).toBe(false);
  });

  it("takes a delay or a wait for a task of zero, unlike a workflow's wait", () => {
    const events = [{ contact: "c1", event: "email.open", afterSent: "welcome", delay: "0m" }];
    const completeTasks = [{ contact: "c1", task: "call", afterCreated: "PT0S" }];
    const parsed = Scenario.safeParse({ ...base, events, completeTasks });
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(durationMillis("0m")).toBe(0);
    expect(Duration.safeParse("0m").success).toBe(false);
    expect(Scenario.safeParse({ ...base, events: [{ ...events[0], delay: "soon" }] }).success).toBe(false);
  });
});

// Time zones are IANA names (issue 11, item 6): an abbreviation such as BST (Europe/London or
// Asia/Dhaka?) or a fixed offset is refused everywhere a zone is accepted, with the IANA zones it
// may mean, in the validator, the CSV import and the HTTP API alike.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { postEnroll } from "../../src/adapters/http/enroll-routes";
import { postEvents } from "../../src/adapters/http/events";
import type { HttpDeps, HttpRequest } from "../../src/adapters/http/types";
import { contactsFromCsv } from "../../src/cli/contact-rows";
import { ContactInput, isTimeZone, SendWindow, Settings, TimeZone } from "../../src/core/language";
import { windowZone } from "../../src/core/send-window-time";
import { REPO } from "../helpers/workspace";

/** The message of the one issue a schema reports for `value`. */
function problem(
  schema: { safeParse(v: unknown): { success: boolean; error?: { issues: unknown[] } } },
  value: unknown,
) {
  const result = schema.safeParse(value);
  expect(result.success, JSON.stringify(value)).toBe(false);
  const issue = result.error!.issues[0] as { message: string; params?: { code?: string } };
  expect(issue.params?.code).toBe("invalid-timezone");
  return issue.message;
}

describe("isTimeZone", () => {
  it.each([
    ...["America/New_York", "Europe/Berlin", "Asia/Kolkata", "America/Argentina/Buenos_Aires"],
    ...["America/Port-au-Prince", "Africa/Dar_es_Salaam"], // a hyphen, underscores
    ...["Asia/Calcutta", "Europe/Kiev"], // older names the zone database still links
    ...["UTC", "Etc/UTC", "Etc/GMT"],
  ])("accepts the IANA name %s", (name) => {
    expect(isTimeZone(name)).toBe(true);
  });

  it.each([
    ...["EST", "BST", "CET", "PST", "IST", "EDT", "CEST", "JST", "AEST", "MST", "HST", "GMT", "est"], // abbreviations
    ...["US/Eastern", "EST5EDT", "Japan", "Zulu"], // legacy aliases
    ...["Etc/GMT+5", "UTC+1", "GMT-05:00", "+05:30"], // fixed offsets
    ...["europe/berlin", "Berlin", "Mars/Olympus", ""], // a wrong case, a city, no zone, nothing
  ])("refuses %j", (name) => {
    expect(isTimeZone(name)).toBe(false);
  });
});

describe("the message for a zone that is not an IANA name", () => {
  it("lists the IANA zones an abbreviation may mean", () => {
    const bst = problem(TimeZone, "BST");
    expect(bst).toContain("abbreviation");
    expect(bst).toContain("Europe/London");
    expect(bst).toContain("Asia/Dhaka");
    const ist = problem(TimeZone, "IST");
    for (const zone of ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]) expect(ist).toContain(zone);
    expect(problem(TimeZone, "EST")).toContain("America/New_York");
    expect(problem(TimeZone, "est")).toContain("America/New_York");
    expect(problem(TimeZone, "CEST")).toContain("Europe/Berlin");
    expect(problem(TimeZone, "Eastern Time")).toContain("America/New_York");
  });

  it("says GMT has no summer time and names UK time and UTC", () => {
    const gmt = problem(TimeZone, "GMT");
    expect(gmt).toContain("Europe/London");
    expect(gmt).toContain('"UTC"');
  });

  it("refuses a fixed offset: it ignores daylight saving", () => {
    expect(problem(TimeZone, "UTC+1")).toContain("fixed offset");
    expect(problem(TimeZone, "+05:30")).toContain("fixed offset");
    expect(problem(TimeZone, "Etc/GMT+5")).toMatch(/fixed offset.*UTC−5/);
  });

  it("names the IANA zone of an old alias, a wrong case or a city", () => {
    expect(problem(TimeZone, "US/Eastern")).toContain('"America/New_York"');
    expect(problem(TimeZone, "europe/berlin")).toContain('"Europe/Berlin"');
    expect(problem(TimeZone, "Berlin")).toContain('"Europe/Berlin"');
    expect(problem(TimeZone, "New York")).toContain('"America/New_York"');
    expect(problem(TimeZone, "Europe/Berln")).toContain('"Europe/Berlin"');
    expect(problem(TimeZone, "Zulu")).toContain('"UTC"');
  });
});

describe("everywhere a zone is accepted", () => {
  const settings = JSON.parse(readFileSync(join(REPO, "workflows/settings.json"), "utf8"));

  it("settings.defaultTimezone, an owner's timezone and send windows refuse BST", () => {
    expect(problem(Settings, { ...settings, defaultTimezone: "BST" })).toContain("Asia/Dhaka");
    expect(
      problem(Settings, {
        ...settings,
        owners: [{ id: "rep-ana", name: "Ana", email: "ana@acme.example", timezone: "BST" }],
      }),
    ).toContain("Europe/London");
    const window = { days: "mon-fri", hours: "09:00-17:00" };
    expect(problem(SendWindow, { ...window, timezone: "BST" })).toContain("Europe/London");
    expect(problem(SendWindow, { ...window, timezone: "contact", fallbackTimezone: "EST" })).toContain(
      "America/New_York",
    );
    expect(SendWindow.safeParse({ ...window, timezone: "contact" }).success).toBe(true);
  });

  it("a contact (scenarios, the API) refuses IST", () => {
    expect(problem(ContactInput, { id: "c1", email: "a@example.com", timezone: "IST" })).toContain(
      "Asia/Kolkata",
    );
  });

  it("a CSV row with tz IST is reported by its line, with the zones IST may mean", () => {
    const { contacts, problems } = contactsFromCsv([
      { line: 1, fields: ["id", "email", "tz"] },
      { line: 2, fields: ["c1", "a@example.com", "IST"] },
    ]);
    expect(contacts).toEqual([]);
    expect(problems[0]?.line).toBe(2);
    expect(problems[0]?.message).toMatch(/^timezone: .*Asia\/Kolkata/);
  });

  it("a stored contact zone that is an abbreviation is not read as Asia/Dhaka: the fallback applies", () => {
    const window = { days: "mon-fri", hours: "09:00-17:00", timezone: "contact" } as SendWindow;
    expect(windowZone(window, "BST", "Europe/Berlin")).toBe("Europe/Berlin");
    expect(windowZone(window, "Europe/London", "Europe/Berlin")).toBe("Europe/London");
  });
});

describe("the HTTP API", () => {
  // The body is refused before the handler touches the engine: no engine is needed.
  const deps = {} as HttpDeps;
  const request = (path: string, body: unknown): HttpRequest => ({
    method: "POST",
    path,
    query: {},
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const reason = async (response: Promise<{ status: number; body: string }>) => {
    const r = await response;
    expect(r.status).toBe(400);
    return (JSON.parse(r.body) as { reason: string }).reason;
  };

  it("POST /enroll refuses a contact in EST with a 400 that says where and why", async () => {
    const contact = { id: "c1", email: "a@example.com", timezone: "EST" };
    const one = await reason(postEnroll(deps, request("/enroll", { workflow: "trial-nurture", contact })));
    expect(one).toMatch(/^contact\.timezone: .*America\/New_York/);
    const batch = await reason(
      postEnroll(deps, request("/enroll", { workflow: "trial-nurture", contacts: [contact] })),
    );
    expect(batch).toMatch(/^contacts\.0\.timezone: .*America\/New_York/);
  });

  it("POST /events refuses an identifying contact in BST with a 400 that says where and why", async () => {
    const contact = { id: "c1", email: "a@example.com", timezone: "BST" };
    const one = await reason(postEvents(deps, request("/events", { event: "trial.started", contact })));
    expect(one).toMatch(/^contact\.timezone: .*Europe\/London.*Asia\/Dhaka/);
    const batch = await reason(
      postEvents(deps, request("/events", { events: [{ event: "trial.started", contact }] })),
    );
    expect(batch).toMatch(/^events\.0\.contact\.timezone: .*Europe\/London/);
  });
});

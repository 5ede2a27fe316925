// Likely typos the validator warns about (issue 11, item 9): a link tag no template of the
// workflow tracks, and an event name nothing else knows.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadWorkspace } from "../../src/compiler/load";
import type { Violation } from "../../src/compiler/violation";
import { validateInWorkspace } from "../helpers/validate-text";
import { REPO } from "../helpers/workspace";

// biome-ignore lint/suspicious/noExplicitAny: sample JSON, edited in place by the tests
type Json = Record<string, any>;
const base = loadWorkspace({ cwd: REPO });
const sample = (file: string): Json => JSON.parse(readFileSync(join(REPO, file), "utf8"));
const validate = (file: string, value: unknown): Violation[] =>
  validateInWorkspace(base, file, new TextEncoder().encode(JSON.stringify(value, null, 2)));
const warnings = (violations: Violation[], code: string) =>
  violations
    .filter((v) => v.code === code)
    .map((v) => ({ file: v.file, path: v.path, severity: v.severity, message: v.message }));

const TRIAL = "workflows/trial-nurture.json";
const SDR = "workflows/sdr-follow-up.json";
const LONG = "workflows/long-term-nurture.json";
const SCORING = "workflows/scoring.json";

describe("a link tag that no template tracks", () => {
  it("in handoff.when: no email of this workflow tracks it, with a did-you-mean", () => {
    const campaign = sample(TRIAL);
    campaign.handoff.when.any[2].link = "pricng";
    expect(warnings(validate(TRIAL, campaign), "unknown-link")).toEqual([
      {
        file: TRIAL,
        path: "/handoff/when/any/2/link",
        severity: "warning",
        message: expect.stringMatching(
          /^no email of this workflow tracks a link 'pricng'; did you mean 'pricing'\?/,
        ),
      },
    ]);
  });

  it("a sequence listening to a campaign's link: the click is not in its own enrollment", () => {
    const sequence = sample(SDR);
    sequence.stopWhen.any.push({ event: "email.click", link: "pricing" });
    const found = warnings(validate(SDR, sequence), "unknown-link");
    expect(found.map((v) => v.path)).toEqual(["/stopWhen/any/2/link"]);
    expect(found[0]!.message).toContain("'pricing'");
  });

  it("in a condition's where, a branch and a waitFor", () => {
    const campaign = sample(TRIAL);
    campaign.exitWhen = { event: "email.click", where: { link: "upgrad" } };
    const engaged = campaign.steps.findIndex((s: Json) => s.id === "engaged");
    campaign.steps[engaged].if = { event: "email.click", link: "case-studies" };
    campaign.steps.splice(engaged, 0, {
      id: "wait-click",
      type: "waitFor",
      event: "email.click",
      link: "connect-dat",
      timeout: "1d",
    });
    const found = warnings(validate(TRIAL, campaign), "unknown-link");
    expect(found.map((v) => v.path).sort()).toEqual(
      ["/exitWhen/where/link", `/steps/${engaged + 1}/if/link`, `/steps/${engaged}/link`].sort(),
    );
    expect(found.find((v) => v.path === "/exitWhen/where/link")!.message).toContain(
      "did you mean 'upgrade'?",
    );
  });

  it("enrollWhen counts a click in any email: only a tag no template tracks is warned about", () => {
    const campaign = sample(LONG);
    campaign.enrollWhen = { event: "email.click", link: "webinar" };
    expect(warnings(validate(LONG, campaign), "unknown-link")).toEqual([]);
    campaign.enrollWhen = { event: "email.click", link: "webinr" };
    const found = warnings(validate(LONG, campaign), "unknown-link");
    expect(found.map((v) => v.path)).toEqual(["/enrollWhen/link"]);
    expect(found[0]!.message).toMatch(/^no template tracks a link 'webinr'; did you mean 'webinar'\?/);
  });

  it("a scoring rule's link: warned when no template at all tracks it", () => {
    const scoring = sample(SCORING);
    scoring.rules[2].where.link = "pricng";
    scoring.rules.push({ event: "email.click", link: "book-dem", points: 5 });
    const found = warnings(validate(SCORING, scoring), "unknown-link");
    expect(found.map((v) => v.path)).toEqual([
      "/rules/2/where/link",
      `/rules/${scoring.rules.length - 1}/link`,
    ]);
    expect(found[0]!.message).toContain("did you mean 'pricing'?");
  });

  it("a workflow with a missing template is not warned about (its tags are unknown)", () => {
    const campaign = sample(TRIAL);
    campaign.steps[campaign.steps.findIndex((s: Json) => s.id === "last-call")].template = "trial-endng";
    expect(warnings(validate(TRIAL, campaign), "unknown-link")).toEqual([]);
  });
});

describe("an event name that nothing else knows (a likely typo)", () => {
  it("a condition's event named nowhere else: a warning with a did-you-mean", () => {
    const sequence = sample(SDR);
    sequence.stopWhen.any[1].event = "meeting.bookd";
    const found = warnings(validate(SDR, sequence), "unknown-event");
    expect(found.find((v) => v.file === SDR)).toEqual({
      file: SDR,
      path: "/stopWhen/any/1/event",
      severity: "warning",
      message: expect.stringContaining("did you mean 'meeting.booked'?"),
    });
    // The scenario that sends meeting.booked now sends what nothing listens to: either side may be
    // the typo, so both are shown, each pointing at the other.
    expect(found.filter((v) => v.file !== SDR)).toEqual([
      expect.objectContaining({
        file: "workflows/tests/sdr-stops-on-meeting.json",
        path: "/events/0/event",
        message: expect.stringContaining("did you mean 'meeting.bookd'?"),
      }),
    ]);
  });

  it("a new event without a near name is still warned about, once per place", () => {
    const campaign = sample(TRIAL);
    campaign.exitWhen = { any: [campaign.exitWhen, { event: "contract.signed" }] };
    const found = warnings(validate(TRIAL, campaign), "unknown-event");
    expect(found.map((v) => v.path)).toEqual(["/exitWhen/any/1/event"]);
    expect(found[0]!.message).toContain("'contract.signed'");
  });

  it("an event that two files name, or that scoring.json names, is known", () => {
    const campaign = sample(TRIAL);
    campaign.exitWhen = {
      any: [campaign.exitWhen, { event: "lead.recycled" }, { event: "webinar.attended" }],
    };
    expect(warnings(validate(TRIAL, campaign), "unknown-event")).toEqual([]);
  });

  it("a waitFor event is checked like a condition's", () => {
    const campaign = sample(TRIAL);
    campaign.steps.splice(1, 0, { id: "wait-demo", type: "waitFor", event: "demo.requestd", timeout: "1d" });
    const found = warnings(validate(TRIAL, campaign), "unknown-event");
    expect(found.map((v) => v.path)).toEqual(["/steps/1/event"]);
    expect(found[0]!.message).toContain("did you mean 'demo.requested'?");
  });

  it("an email.* or task.* event Handoff does not record, even in scoring.json", () => {
    const scoring = sample(SCORING);
    scoring.rules[0].event = "email.opened";
    const found = warnings(validate(SCORING, scoring), "unknown-event");
    expect(found.map((v) => v.path)).toEqual(["/rules/0/event"]);
    expect(found[0]!.message).toContain("did you mean 'email.open'?");
  });

  it("a scenario sending an event nothing listens to: a warning (it changes nothing)", () => {
    const file = "workflows/tests/sdr-stops-on-meeting.json";
    const scenario = sample(file);
    scenario.events[0].event = "meeting.bookd";
    const found = warnings(validate(file, scenario), "unknown-event");
    expect(found.find((v) => v.file === file)).toEqual(
      expect.objectContaining({
        path: "/events/0/event",
        message: expect.stringContaining("did you mean 'meeting.booked'?"),
      }),
    );
    // sdr-follow-up's meeting.booked lost its one witness: it is shown too, either may be the typo.
    expect(found.filter((v) => v.file !== file).map((v) => `${v.file} ${v.path}`)).toEqual([
      `${SDR} /stopWhen/any/1/event`,
    ]);
  });

  it("a scenario sending a built-in event that nothing listens to is fine", () => {
    const file = "workflows/tests/hard-bounce.json";
    expect(warnings(validate(file, sample(file)), "unknown-event")).toEqual([]);
  });
});

describe("the samples", () => {
  it("get no warning at all", () => {
    const { violations } = { violations: validate(TRIAL, sample(TRIAL)) };
    expect(violations).toEqual([]);
  });
});

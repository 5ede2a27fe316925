// Messages that used to be weak (issue 11, item 9): each says what to write.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadWorkspace } from "../../src/compiler/load";
import type { Violation } from "../../src/compiler/violation";
import { validateInWorkspace } from "../helpers/validate-text";
import { REPO } from "../helpers/workspace";

const base = loadWorkspace({ cwd: REPO });
const sample = (file: string) => JSON.parse(readFileSync(join(REPO, file), "utf8"));
const validate = (file: string, value: unknown): Violation[] =>
  validateInWorkspace(base, file, new TextEncoder().encode(JSON.stringify(value, null, 2)));

describe("a scenario expectation", () => {
  const file = "workflows/tests/demo-request-handoff.json";

  it('a Slack expectation without "count" says it needs one, with an example', () => {
    const scenario = sample(file);
    scenario.expect.push({ slack: "sales-handoffs" });
    const at = `/expect/${scenario.expect.length - 1}`;
    const found = validate(file, scenario);
    expect(found).toEqual([
      expect.objectContaining({
        path: `${at}/count`,
        code: "missing-field",
        message: `expectation ${scenario.expect.length} needs "count", like { "slack": "sales-handoffs", "count": 1 }`,
      }),
    ]);
  });

  it("an expectation with only a contact says which checks it may make", () => {
    const scenario = sample(file);
    scenario.expect.push({ contact: "c1" });
    const [found] = validate(file, scenario);
    expect(found?.code).toBe("missing-field");
    expect(found?.message).toMatch(/needs one of 'sent', 'notSent', .*'enrolled'/);
  });
});

describe("a merge field that does not exist", () => {
  const file = "workflows/trial-nurture.json";
  const withSubject = (subject: string) => {
    const campaign = sample(file);
    campaign.steps[0].subject = subject;
    return validate(file, campaign);
  };

  it("{{ owner.phone }} lists the owner fields there are, not owner.*", () => {
    const [found] = withSubject("Call {{ owner.phone }}");
    expect(found?.code).toBe("unknown-merge-field");
    expect(found?.message).toContain("{{ owner.phone }} is not a merge field");
    for (const field of ["owner.id", "owner.name", "owner.email", "owner.slackUser", "owner.timezone"])
      expect(found?.message).toContain(field);
    expect(found?.message).not.toContain("owner.*");
  });

  it("{{ contact.phone }} points at contact attributes", () => {
    const [found] = withSubject("Hi {{ contact.phone }}");
    expect(found?.message).toContain("contact.attributes.phone");
  });

  it("an unknown root still lists the roots", () => {
    const [found] = withSubject("Hi {{ lead.name }}");
    expect(found?.message).toContain("contact.*, owner.*");
  });

  it("a template gets the same help", () => {
    const templates = new Map(base.templates);
    const welcome = templates.get("welcome")!;
    templates.set("welcome", {
      ...welcome,
      html: { ...welcome.html!, text: `${welcome.html!.text}\n{{ owner.phone }}` },
    });
    const found = validateInWorkspace(
      { ...base, templates },
      "workflows/trial-nurture.json",
      readFileSync(join(REPO, file)),
    );
    expect(found.find((v) => v.code === "unknown-merge-field")?.message).toContain("owner.slackUser");
  });
});

describe("settings.links.baseUrl", () => {
  const file = "workflows/settings.json";
  const errors = (baseUrl: string) =>
    validate(file, { ...sample(file), links: { baseUrl } }).filter((v) => v.severity === "error");

  it("must be https: http is an error naming the file, the JSON path and what to write", () => {
    expect(errors("http://go.acme.example")).toEqual([
      expect.objectContaining({
        file,
        path: "/links/baseUrl",
        code: "invalid-value",
        message: expect.stringContaining('write "https://go.acme.example"'),
      }),
    ]);
  });

  it.each(["http://localhost:3000", "http://127.0.0.1:8080", "http://[::1]:3000"])(
    "%s may use http, for local development",
    (url) => {
      expect(errors(url)).toEqual([]);
    },
  );

  it.each(["http://localhost.evil.example", "http://127.0.0.1.evil.example"])(
    "%s is not the local machine: http is refused",
    (url) => {
      expect(errors(url).map((v) => v.path)).toEqual(["/links/baseUrl"]);
    },
  );
});

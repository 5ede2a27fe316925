// One pass (issue 11, item 9): every independent mistake of a file is reported by one `validate`,
// schema errors and reference errors together, without follow-on errors about what the schema
// errors already name. Before, a file with a schema error got no step or reference checks at all.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkWorkspace } from "../../src/compiler/check";
import { loadWorkspace } from "../../src/compiler/load";
import { type ParsedFile, parseFile } from "../../src/compiler/parse/parse-file";
import { repair } from "../../src/compiler/parse/repair";
import type { Violation } from "../../src/compiler/violation";
import type { Workspace } from "../../src/compiler/workspace";
import {
  type FileKind,
  SCHEMAS,
  type Scenario,
  type Scoring,
  type Settings,
  type Workflow,
} from "../../src/core/language";
import { namedCases } from "../helpers/named-cases";
import { validateInWorkspace } from "../helpers/validate-text";
import { copySamples, REPO } from "../helpers/workspace";

// biome-ignore lint/suspicious/noExplicitAny: sample JSON, edited in place by the tests
type Json = Record<string, any>;
const base = loadWorkspace({ cwd: REPO });
const sample = (file: string): Json => JSON.parse(readFileSync(join(REPO, file), "utf8"));
const validate = (file: string, value: unknown): Violation[] =>
  validateInWorkspace(base, file, new TextEncoder().encode(JSON.stringify(value, null, 2)));
const found = (violations: Violation[]) => violations.map((v) => `${v.file} ${v.path} ${v.code}`).sort();
const step = (campaign: Json, id: string) => campaign.steps.findIndex((s: Json) => s.id === id);

describe("handoff validate reports every independent mistake of a file at once", () => {
  it("an unknown field, a bad duration, a next to a missing step, an unknown stage, a missing template and an unknown merge field", () => {
    const dir = copySamples();
    const file = join(dir, "workflows/trial-nurture.json");
    const campaign = JSON.parse(readFileSync(file, "utf8"));
    campaign.reenrol = true; // unknown field (reenroll)
    campaign.steps[step(campaign, "wait-1")].duration = "2 days"; // bad duration
    campaign.steps[step(campaign, "case-study")].next = "wait-9"; // no such step
    campaign.handoff.setStage = "sqll"; // not in scoring.json
    campaign.steps[step(campaign, "first-steps")].template = "getting-startd"; // not in templates/
    campaign.steps[step(campaign, "welcome")].subject = "Welcome, {{ contact.frstName }}"; // no such field
    writeFileSync(file, JSON.stringify(campaign, null, 2));
    const run = spawnSync(process.execPath, [join(REPO, "src/cli/bin.js"), "validate", "--json"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    const { violations } = JSON.parse(run.stdout) as { violations: Violation[] };
    const at = (id: string) => `/steps/${step(campaign, id)}`;
    expect(found(violations)).toEqual(
      [
        "workflows/trial-nurture.json /reenrol unknown-field",
        `workflows/trial-nurture.json ${at("wait-1")}/duration invalid-duration`,
        `workflows/trial-nurture.json ${at("case-study")}/next unknown-step`,
        "workflows/trial-nurture.json /handoff/setStage unknown-stage",
        `workflows/trial-nurture.json ${at("first-steps")}/template missing-template`,
        `workflows/trial-nurture.json ${at("welcome")}/subject unknown-merge-field`,
      ].sort(),
    );
    for (const v of violations) expect(v.line, JSON.stringify(v)).toBeGreaterThan(0);
  });
});

describe("no follow-on errors about what a schema error already names", () => {
  const file = "workflows/trial-nurture.json";

  it.each(
    namedCases([
      {
        name: "a wait without its duration: no unreachable or unknown step",
        make: (campaign: Json) => {
          delete campaign.steps[step(campaign, "wait-1")].duration;
        },
        reported: ["/steps/1/duration missing-field"],
      },
      {
        name: "a step id that is not valid is still the name its neighbours use",
        make: (campaign: Json) => {
          campaign.steps[step(campaign, "case-study")].id = "Case Study";
          campaign.steps[step(campaign, "engaged")].then = "Case Study";
        },
        reported: ["/steps/5/id invalid-id", "/steps/4/then invalid-id"],
      },
      {
        name: "a misspelt step type: the type is reported, and the email's other mistakes too",
        make: (campaign: Json) => {
          const welcome = campaign.steps[step(campaign, "welcome")];
          welcome.type = "emial";
          welcome.template = "welcom";
        },
        reported: ["/steps/0/type invalid-value", "/steps/0/template missing-template"],
      },
      {
        name: "an invalid handoff.to or stage is an invalid id, not also an unknown workflow or stage",
        make: (campaign: Json) => {
          campaign.handoff.to = "SDR Follow Up";
          campaign.handoff.setStage = "SQL";
          campaign.exitWhen = { stage: { atLeast: "Customer" } };
        },
        reported: [
          "/handoff/to invalid-id",
          "/handoff/setStage invalid-id",
          "/exitWhen/stage/atLeast invalid-id",
        ],
      },
      {
        name: "a condition with a bad part: the good parts are still checked",
        make: (campaign: Json) => {
          campaign.handoff.when.any = [
            { stage: { atLeast: "sqll" } },
            { event: "email.reply", within: "2 days" },
            { scroe: { gte: 80 } },
          ];
        },
        reported: [
          "/handoff/when/any/0/stage/atLeast unknown-stage",
          "/handoff/when/any/1/within invalid-duration",
          "/handoff/when/any/2 invalid-condition",
        ],
      },
    ]),
  )("%s", (_name, { make, reported }) => {
    const campaign = sample(file);
    make(campaign);
    expect(found(validate(file, campaign))).toEqual(
      reported.map((pathAndCode) => `${file} ${pathAndCode}`).sort(),
    );
  });

  it("a split weight written as text: no split-weights error on top", () => {
    const sequence = sample("workflows/long-term-nurture.json");
    const split = sequence.steps.findIndex((s: Json) => s.type === "split");
    sequence.steps[split].variants[0].weight = "50";
    const violations = validate("workflows/long-term-nurture.json", sequence);
    expect(violations.map((v) => v.code)).toEqual(["wrong-type"]);
  });
});

/** Validates the samples with several files replaced, as `handoff validate` would. */
function validateFiles(files: Record<string, unknown>): Violation[] {
  const ws: Workspace = { ...base, violations: [], broken: [], repaired: [] };
  const others = <T extends { file: string }>(list: T[]) => list.filter((p) => !(p.file in files));
  ws.settings = others(ws.settings);
  ws.scoring = others(ws.scoring);
  ws.workflows = others(ws.workflows);
  ws.scenarios = others(ws.scenarios);
  for (const [file, value] of Object.entries(files)) {
    const { parsed, violations, claims, repaired } = parseFile(
      file,
      new TextEncoder().encode(JSON.stringify(value, null, 2)),
    );
    ws.violations.push(...violations);
    if (repaired) ws.repaired.push(repaired);
    if (!parsed && claims) ws.broken.push({ file, ...claims });
    if (parsed?.value.kind === "settings") ws.settings.unshift(parsed as ParsedFile<Settings>);
    if (parsed?.value.kind === "scoring") ws.scoring.unshift(parsed as ParsedFile<Scoring>);
    if (parsed?.value.kind === "scenario") ws.scenarios.push(parsed as ParsedFile<Scenario>);
    if (parsed?.value.kind === "campaign" || parsed?.value.kind === "sequence")
      ws.workflows.push(parsed as ParsedFile<Workflow>);
  }
  return checkWorkspace(ws);
}

describe("the other files still see a file with schema errors", () => {
  it.each(
    namedCases([
      {
        name: "settings with a typo still name their Slack channels and owners",
        file: "workflows/settings.json",
        broken: (settings: Json) => {
          settings.postalAdress = settings.postalAddress;
          delete settings.postalAddress;
        },
        referring: (campaign: Json) => {
          campaign.handoff.notify.slack = "sales-handofs";
          campaign.handoff.assign = "rep-anna";
        },
        reported: [
          "workflows/settings.json /postalAddress missing-field",
          "workflows/settings.json /postalAdress unknown-field",
          "workflows/trial-nurture.json /handoff/assign unknown-owner",
          "workflows/trial-nurture.json /handoff/notify/slack unknown-slack",
        ],
      },
      {
        name: "scoring with a bad rule still lists its stages: an unknown stage elsewhere is reported",
        file: "workflows/scoring.json",
        broken: (scoring: Json) => {
          scoring.rules[0].points = "ten";
        },
        referring: (campaign: Json) => {
          campaign.handoff.setStage = "sqll";
        },
        reported: [
          "workflows/scoring.json /rules/0/points wrong-type",
          "workflows/trial-nurture.json /handoff/setStage unknown-stage",
        ],
      },
    ]),
  )("%s", (_name, { file, broken, referring, reported }) => {
    const other = sample(file);
    broken(other);
    const campaign = sample("workflows/trial-nurture.json");
    referring(campaign);
    const files = { [file]: other, "workflows/trial-nurture.json": campaign };
    expect(found(validateFiles(files))).toEqual(reported.sort());
  });

  it("a Slack name that settings cannot read is not reported unknown elsewhere", () => {
    const settings = sample("workflows/settings.json");
    settings.slack["#sales-handoffs"] = settings.slack["sales-handoffs"];
    delete settings.slack["sales-handoffs"];
    expect(found(validate("workflows/settings.json", settings))).toEqual([
      "workflows/settings.json /slack/#sales-handoffs invalid-id",
    ]);
  });

  it("a workflow with schema errors is still there for the others: no unknown-workflow, its steps are known", () => {
    const sequence = sample("workflows/sdr-follow-up.json");
    sequence.sendWindow.hours = "8:00-18:00";
    const scenario = sample("workflows/tests/sdr-stops-on-reply.json");
    scenario.expect.push({ contact: scenario.contacts[0].id, sent: "sdr-follow-up/intro-email" });
    expect(
      found(
        validateFiles({
          "workflows/sdr-follow-up.json": sequence,
          "workflows/tests/sdr-stops-on-reply.json": scenario,
        }),
      ),
    ).toEqual(
      [
        "workflows/sdr-follow-up.json /sendWindow/hours invalid-send-window",
        `workflows/tests/sdr-stops-on-reply.json /expect/${scenario.expect.length - 1}/sent unknown-step`,
      ].sort(),
    );
  });

  it("a scenario with a bad time still has its contacts and steps checked", () => {
    const file = "workflows/tests/demo-request-handoff.json";
    const scenario = sample(file);
    scenario.until = "thirty days";
    scenario.events[0].contact = "c9";
    scenario.expect.push({ contact: "c1", sent: "trial-nurture/welcom" });
    const violations = validate(file, scenario);
    expect(found(violations)).toEqual(
      [
        `${file} /until invalid-duration`,
        `${file} /events/0/contact unknown-contact`,
        `${file} /expect/${scenario.expect.length - 1}/sent unknown-step`,
      ].sort(),
    );
  });
});

describe("repair", () => {
  const samples = [
    "workflows/settings.json",
    "workflows/scoring.json",
    "workflows/trial-nurture.json",
    "workflows/sdr-follow-up.json",
    "workflows/long-term-nurture.json",
    "workflows/webinar-follow-up.json",
    "workflows/tests/demo-request-handoff.json",
    "workflows/tests/sdr-stops-on-reply.json",
  ];

  it("keeps all of a valid file and loses nothing", () => {
    for (const file of samples) {
      const value = sample(file);
      const schema = SCHEMAS[value.kind as FileKind];
      const { value: fixed, lost } = repair(schema, value);
      expect(lost, file).toEqual(new Set());
      expect(fixed, file).toEqual(schema.parse(value));
    }
  });

  it("an unknown field anywhere in a sample is reported, and nothing else", () => {
    const objects = (node: unknown, path: Array<string | number>): Array<Array<string | number>> => {
      if (Array.isArray(node)) return node.flatMap((item, i) => objects(item, [...path, i]));
      if (node === null || typeof node !== "object") return [];
      return [path, ...Object.entries(node).flatMap(([k, v]) => objects(v, [...path, k]))];
    };
    let tried = 0;
    for (const file of samples) {
      for (const path of objects(sample(file), [])) {
        // Records take any key.
        if (["where", "slack", "promote", "properties", "attributes"].includes(String(path.at(-1)))) continue;
        const value = sample(file);
        let node = value;
        for (const key of path) node = node[key];
        node.zzz = 1;
        const at = `${path.map((k) => `/${k}`).join("")}/zzz`;
        expect(found(validate(file, value)), at).toEqual([`${file} ${at} unknown-field`]);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(100);
  });
});

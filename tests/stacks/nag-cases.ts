import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../helpers/workspace";
import { build, t } from "./built";
import { countByRule, describeFinding, type NagFinding, type NagRun, runNag } from "./nag-findings";
import { documentedTable, suppressionRows, suppressionTable } from "./nag-table";

// cdk-nag's AwsSolutions and Serverless packs on every stack of the calling test file's build
// (tests/stacks/nag-findings.ts): no error may be left unsuppressed, every function is traced, and
// (for the samples' build, tests/stacks/nag.test.ts) docs/deploy.md lists exactly the suppressions
// the stacks hold (stacks/nag.ts).

/** The cases; `documentedIn`: the docs file whose table must list this build's suppressions. */
export function nagCases({ documentedIn }: { documentedIn?: string } = {}): void {
  let nag: NagRun;
  beforeAll(() => {
    const started = performance.now();
    nag = runNag({ dist: build.dist, stackNames: [...build.templates.keys()], outdir: build.scratch });
    const suppressed = nag.findings.filter((f) => f.suppressedBecause);
    console.info(
      `cdk-nag on ${build.templates.size} stacks: ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
        `suppressed ${suppressed.length} ${JSON.stringify(countByRule(suppressed))}`,
    );
  }, 120_000);

  const open = (level: NagFinding["level"]) =>
    nag.findings.filter((finding) => finding.level === level && !finding.suppressedBecause);

  describe("cdk-nag (AwsSolutions and Serverless packs)", () => {
    it("every rule ran on every resource", () => {
      expect(nag.ruleErrors).toEqual([]);
      expect(nag.findings.length).toBeGreaterThan(0);
    });

    it("leaves no error unsuppressed (each is fixed in stacks/ or suppressed with a reason in stacks/nag.ts)", () => {
      const warnings = open("warning");
      if (warnings.length) console.warn(`cdk-nag warnings:\n${warnings.map(describeFinding).join("\n")}`);
      const errors = open("error");
      expect(
        errors.map(describeFinding),
        `unsuppressed errors ${JSON.stringify(countByRule(errors))}`,
      ).toEqual([]);
    });

    it("every function is traced, or is a deploy-time helper suppressed with its reason", () => {
      const untraced = nag.findings.filter((f) => f.rule === "Serverless-LambdaTracing");
      expect(open("warning").map(describeFinding)).toEqual([]);
      for (const finding of untraced) {
        const fn = t.resource(finding.stack, finding.logicalId);
        expect(String(fn.props.Handler ?? ""), finding.logicalId).not.toMatch(/^functions\//);
      }
    });

    if (documentedIn)
      it(`${documentedIn} lists every suppression the stacks hold (rules, finding, where, reason)`, () => {
        const expected = suppressionTable(suppressionRows(t.byStack));
        const documented = documentedTable(readFileSync(join(REPO, documentedIn), "utf8"));
        expect(documented, `paste this table into ${documentedIn}, section "cdk-nag":\n\n${expected}\n`).toBe(
          expected,
        );
      });
  });
}

import { join } from "node:path";
import { App, Aspects, type CfnResource, DefaultStackSynthesizer, Stack } from "aws-cdk-lib";
import { CfnInclude } from "aws-cdk-lib/cloudformation-include";
import {
  AwsSolutionsChecks,
  type INagLogger,
  type NagLoggerErrorData,
  type NagLoggerNonComplianceData,
  type NagLoggerSuppressedData,
  NagMessageLevel,
  ServerlessChecks,
} from "cdk-nag";

// cdk-nag's AwsSolutions and Serverless packs on the synthesized templates of the stack tests' build
// (tests/stacks/built.ts): each template is loaded with CfnInclude into a stack of a fresh CDK app,
// so the resources' Metadata, and with it the `cdk_nag` suppressions the stacks add
// (NagSuppressions in stacks/nag.ts), are checked exactly as deployed. docs/deploy.md, "cdk-nag".

/** The construct id the template is included under (a finding's path is `<stack>/Template/<logical id>`). */
const INCLUDE_ID = "Template";

export type NagLevel = "error" | "warning";

/** A rule a resource does not pass, suppressed or not. */
export interface NagFinding {
  /** `AwsSolutions-IAM5`, `Serverless-LambdaTracing`; with `[finding]` when the rule names one (an IAM5 wildcard). */
  rule: string;
  stack: string;
  logicalId: string;
  level: NagLevel;
  message: string;
  /** The suppression's reason, when one covers it. */
  suppressedBecause?: string;
}

/** The pack's findings, gathered instead of printed (cdk-nag's own annotations stay unread). */
class Collector implements INagLogger {
  readonly findings: NagFinding[] = [];
  readonly ruleErrors: string[] = [];

  onNonCompliance(data: NagLoggerNonComplianceData): void {
    this.findings.push(finding(data));
  }
  onSuppressed(data: NagLoggerSuppressedData): void {
    this.findings.push({ ...finding(data), suppressedBecause: data.suppressionReason });
  }
  onError(data: NagLoggerErrorData): void {
    this.ruleErrors.push(`${data.ruleId} on ${data.resource.node.path}: ${data.errorMessage}`);
  }
  onCompliance(): void {}
  onSuppressedError(): void {}
  onNotApplicable(): void {}
}

function finding(data: NagLoggerNonComplianceData): NagFinding {
  const stack = Stack.of(data.resource).stackName;
  const rule =
    data.findingId && data.findingId !== data.ruleId ? `${data.ruleId}[${data.findingId}]` : data.ruleId;
  return {
    rule,
    stack,
    logicalId: logicalIdOf(data.resource),
    level: data.ruleLevel === NagMessageLevel.ERROR ? "error" : "warning",
    message: data.ruleInfo,
  };
}

/** The included resource's logical id: its construct id under the CfnInclude. */
function logicalIdOf(resource: CfnResource): string {
  return resource.node.id;
}

export interface NagRun {
  findings: NagFinding[];
  /** Rules that threw on a resource (cdk-nag reports them as errors of its own). */
  ruleErrors: string[];
}

/** Both packs on the templates of `stackNames` in `dist`; the CDK app synthesizes into `outdir`. */
export function runNag({
  dist,
  stackNames,
  outdir,
}: {
  dist: string;
  stackNames: string[];
  outdir: string;
}): NagRun {
  const collector = new Collector();
  const app = new App({ outdir });
  for (const name of stackNames) {
    // The template has its own BootstrapVersion parameter and rule already.
    const synthesizer = new DefaultStackSynthesizer({ generateBootstrapVersionRule: false });
    const stack = new Stack(app, name, { stackName: name, synthesizer });
    new CfnInclude(stack, INCLUDE_ID, { templateFile: join(dist, `${name}.template.json`) });
  }
  const packProps = { reports: false, additionalLoggers: [collector] };
  Aspects.of(app).add(new AwsSolutionsChecks(packProps));
  Aspects.of(app).add(new ServerlessChecks(packProps));
  app.synth();
  return { findings: collector.findings, ruleErrors: collector.ruleErrors };
}

/** Findings counted by rule (the `[finding]` part dropped): `{ "AwsSolutions-IAM5": 63, … }`. */
export function countByRule(findings: NagFinding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { rule } of findings) {
    const base = rule.replace(/\[.*\]$/, "");
    counts[base] = (counts[base] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** One line per finding: `error AwsSolutions-SNS3 test-handoff-Alarms/AlarmTopicD01E77F9: <message>`. */
export function describeFinding(f: NagFinding): string {
  return `${f.level} ${f.rule} ${f.stack}/${f.logicalId}: ${f.message}`;
}

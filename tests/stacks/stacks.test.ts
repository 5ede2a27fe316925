import { describe, expect, it } from "vitest";
import { alarmsCases } from "./alarms-cases";
import { apiCases } from "./api-cases";
import { build, STAGE, stackName, useBuild } from "./built";
import { dataAndEmailCases } from "./data-email-cases";
import { functionsCases } from "./lambda-functions-cases";
import { leastPrivilegeCases } from "./least-privilege-cases";
import { webhooksCases } from "./webhooks-cases";
import { workflowsCases } from "./workflows-cases";

// The real `sst build --stage test`, offline (about 35 s under load: it bundles the functions; read
// back from tests/stacks/build-cache.ts when nothing it reads changed); then facts about the
// synthesized CloudFormation in .sst/dist, by stack in *-cases.ts.

useBuild();

describe("sst build, offline", () => {
  it("makes only the three AWS calls, to the local endpoint, and no other connection", () => {
    expect(build.calls).toEqual([
      { action: "GetCallerIdentity" },
      { action: "DescribeStacks", stackName: "CDKToolkit" },
      { action: "DescribeStacks", stackName: "SSTBootstrap" },
    ]);
    expect(build.blockedConnections).toEqual([]);
    expect([...build.templates.keys()].sort()).toEqual(
      ["Alarms", "Api", "Data", "Email", "Webhooks", "Workflows"].map(stackName).sort(),
    );
    console.info(
      `sst build --stage ${STAGE}: ${build.seconds.toFixed(1)} s${build.cached ? " (cached)" : ""}`,
    );
  });
});

workflowsCases();
functionsCases();
leastPrivilegeCases();
dataAndEmailCases();
apiCases();
alarmsCases();
webhooksCases();

import { Aspects } from "aws-cdk-lib";
import type { SSTConfig } from "sst";
import { Alarms } from "./stacks/Alarms";
import { Api } from "./stacks/Api";
import { Data } from "./stacks/Data";
import { Email } from "./stacks/Email";
import { MEMORY_MB } from "./stacks/lambda-functions";
import { SynthesizedResourceSuppressions } from "./stacks/nag";
import { Webhooks } from "./stacks/Webhooks";
import { Workflows } from "./stacks/Workflows";

/**
 * Handoff on AWS: `npx sst deploy --stage prod` (docs/deploy.md). The stacks only wire: the state
 * machines are the compiler's output for ./workflows, the handlers are in functions/.
 */
export default {
  config(input) {
    return { name: "handoff", region: input.region ?? "us-east-1" };
  },
  stacks(app) {
    // Every function's runtime and size; stacks/lambda-functions.ts adds its handler, bundle,
    // timeout, environment, secrets and grants.
    app.setDefaultFunctionProps({
      runtime: "nodejs22.x",
      architecture: "arm_64",
      memorySize: MEMORY_MB,
      tracing: "active",
      logRetention: "three_months",
    });
    app.stack(Data).stack(Webhooks).stack(Email).stack(Workflows).stack(Api).stack(Alarms);
    // cdk-nag suppressions on what SST and CDK make at synthesis (stacks/nag.ts).
    Aspects.of(app).add(new SynthesizedResourceSuppressions());
  },
} satisfies SSTConfig;

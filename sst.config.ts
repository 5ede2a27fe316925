import type { SSTConfig } from "sst";
import { Alarms } from "./stacks/Alarms";
import { Api } from "./stacks/Api";
import { Data } from "./stacks/Data";
import { Email } from "./stacks/Email";
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
    app.stack(Data).stack(Email).stack(Workflows).stack(Api).stack(Alarms);
  },
} satisfies SSTConfig;

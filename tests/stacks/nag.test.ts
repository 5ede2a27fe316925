import { useBuild } from "./built";
import { nagCases } from "./nag-cases";

// cdk-nag on the samples' build (tests/stacks/stacks.test.ts shares it), and the table of
// suppressions in docs/deploy.md ("cdk-nag") checked against it. docs/deploy.md says how to run it.

useBuild();
nagCases({ documentedIn: "docs/deploy.md" });

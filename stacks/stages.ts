import type { StageOverrides } from "./config";

/**
 * Per-stage deployment settings. The sender domains, the owners' addresses and the links domain
 * come from workflows/settings.json and the workflows; a stage only says what differs.
 * Stages not listed get the defaults (see StageOverrides).
 */
export const STAGES: Record<string, StageOverrides> = {
  prod: {
    production: true,
    // linksCertificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/…", // for go.acme.example
    // alarmEmail: "ops@acme.example",
    // corsOrigins: ["https://app.acme.example"], // browsers on these origins may call the API
  },
  // The stage the stack tests build (tests/stacks): configured like production, nothing real.
  test: {
    production: true,
    linksCertificateArn:
      "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
    alarmEmail: "alarms@acme.example",
    corsOrigins: ["https://app.acme.example"],
  },
};

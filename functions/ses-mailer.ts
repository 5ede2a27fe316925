// SES v2 for the functions that send email (the send step, functions/step.ts, injects it into the
// wiring): only their bundle carries the SES client.
import { createSesClient } from "../src/adapters/aws/ses-client";
import { SesMailer } from "../src/adapters/aws/ses-mailer";
import { env } from "./environment";

/** The container's mailer: SES v2 with the stage's configuration set (HANDOFF_CONFIGURATION_SET). */
export function sesMailer(): SesMailer {
  return new SesMailer({
    client: createSesClient({ region: process.env.AWS_REGION }),
    configurationSet: env("HANDOFF_CONFIGURATION_SET"),
  });
}

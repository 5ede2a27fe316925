import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { SesMailer } from "../../src/adapters/aws/ses-mailer";

const mailer = new SesMailer({ client: {} as SESv2Client, configurationSet: "handoff-test" });

/**
 * `mail.tags` of the SES events about an email the mailer sent with `tags`, as SES returns them:
 * the EmailTags SesMailer.buildInput makes (one value per name) and the configuration set SES adds.
 */
export function tagsAsSesReturnsThem(tags: Record<string, string>): Record<string, string[]> {
  const input = mailer.buildInput({
    from: "hello@example.com",
    to: "ada@example.com",
    subject: "s",
    html: "",
    text: "t",
    headers: {},
    tags,
  });
  const out: Record<string, string[]> = { "ses:configuration-set": ["handoff-test"] };
  for (const tag of input.EmailTags ?? []) out[tag.Name!] = [tag.Value!];
  return out;
}

/** The ids the mailer tags trial-nurture's welcome email with, for `contact`'s enrollment `enrollment`. */
export function welcomeTags(contact: string, enrollment: string): Record<string, string> {
  return { contact, enrollment, workflow: "trial-nurture", step: "welcome" };
}

/** An SES event as EventBridge delivers it to functions/ses-events.ts: its `detail-type` and the event. */
export function viaEventBridge(detailType: string, detail: Record<string, unknown>) {
  return { source: "aws.ses", "detail-type": detailType, detail };
}

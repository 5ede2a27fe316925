import { sesTags } from "../adapters/aws/ses-tags";

/**
 * The `mail.tags` of the SES events about an email sent with `tags`, as SES gives them back: the
 * EmailTags the mailer made (src/adapters/aws/ses-mailer.ts toTags, one value per name) and the
 * configuration set SES adds. The local runtime's SES events carry these, never the raw ids.
 */
export function sesEventTags(
  tags: Record<string, string>,
  configurationSet = "handoff-local",
): Record<string, string[]> {
  const out: Record<string, string[]> = { "ses:configuration-set": [configurationSet] };
  for (const { name, value } of sesTags(tags)) out[name] = [value];
  return out;
}

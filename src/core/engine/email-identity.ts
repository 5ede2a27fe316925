/**
 * Which email an event is about: the ids every Handoff email carries as its tags (the Mailer
 * port's `tags`). How a mailer keeps them with the email is the mailer's business (SES message
 * tags: src/adapters/aws/ses-tags.ts); core knows only the names below.
 */
export interface EmailIdentity {
  contactId: string;
  enrollmentId?: string;
  workflowId?: string;
  stepId?: string;
}

/** The tags the send step gives an email (the Mailer port's `tags`). */
export function emailTags(identity: Required<EmailIdentity>): Record<string, string> {
  return {
    contact: identity.contactId,
    workflow: identity.workflowId,
    step: identity.stepId,
    enrollment: identity.enrollmentId,
  };
}

/**
 * The email `tags` name, read back as emailTags wrote them (a mailer may have left some out);
 * undefined when they name no contact.
 */
export function emailIdentityOf(tags: Record<string, string>): EmailIdentity | undefined {
  const { contact, enrollment, workflow, step } = tags;
  if (!contact) return undefined;
  return {
    contactId: contact,
    ...(enrollment ? { enrollmentId: enrollment } : {}),
    ...(workflow ? { workflowId: workflow } : {}),
    ...(step ? { stepId: step } : {}),
  };
}

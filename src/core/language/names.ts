import { custom } from "./issue-code";
import * as z from "./zod-mini";

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function kebab(what: string, example: string) {
  return z
    .string()
    .check((ctx) => {
      const extension = /\.(mjml|html|txt|json)$/.exec(ctx.value);
      if (extension) {
        custom(
          ctx,
          "invalid-id",
          `"${ctx.value}": write the ${what} without ".${extension[1]}" ("${ctx.value.slice(0, -extension[0].length)}")`,
        );
      } else if (!KEBAB.test(ctx.value) || ctx.value.length > 64) {
        const slug = ctx.value
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-+|-+$/g, "")
          .slice(0, 64);
        const hint = slug && slug !== ctx.value ? `: try "${slug}"` : ` (like "${example}")`;
        custom(
          ctx,
          "invalid-id",
          `"${ctx.value}" is not a valid ${what}: use lowercase letters, digits and hyphens, at most 64 characters${hint}`,
        );
      }
    })
    .check(z.meta({ description: `A ${what}: lowercase letters, digits and hyphens.`, examples: [example] }));
}

export const StepId = kebab("step id", "pause-1");
export const WorkflowId = kebab("campaign or sequence id", "trial-nurture");
export const TemplateId = kebab("template name", "getting-started");
export const OwnerId = kebab("owner id", "rep-ana");
export const SlackName = kebab("Slack channel name", "sales-handoffs");
export const StageName = kebab("stage name", "mql");
export const LinkTag = kebab("link tag", "pricing");

/**
 * The events Handoff records itself (campaign language, "Events"); the email.* and task.* names
 * are theirs. Any other dotted name is a custom event sent by the product or website.
 */
export const BUILT_IN_EVENTS = [
  "email.sent",
  "email.delivered",
  "email.open",
  "email.click",
  "email.reply",
  "email.bounce",
  "email.delayed",
  "email.complaint",
  "email.unsubscribe",
  "task.completed",
  // The owner's answer to a handed-off lead (settings.sla), recorded by Handoff (src/core/engine/sla.ts).
  "lead.accepted",
  "lead.rejected",
] as const;

const EVENT = /^[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)+$/;
export const EventName = z
  .string()
  .check((ctx) => {
    if (!EVENT.test(ctx.value)) {
      custom(
        ctx,
        "invalid-event",
        `"${ctx.value}" is not an event name: events are dotted lowercase names like "email.click" or "meeting.booked"`,
      );
    }
  })
  .check(
    z.meta({
      description: 'An event name: "email.click", "meeting.booked", "page.view"…',
      examples: ["email.click"],
    }),
  );

const ADDRESS = /^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;
/** "Name <user@domain>" or "user@domain"; Liquid merge fields are allowed and checked elsewhere. */
export const Address = z
  .string()
  .check((ctx) => {
    if (!ctx.value.includes("{{") && !ADDRESS.test(ctx.value.trim())) {
      custom(
        ctx,
        "invalid-address",
        `"${ctx.value}" is not an email address: write "Acme <hello@mail.acme.example>" or "hello@mail.acme.example"`,
      );
    }
  })
  .check(z.meta({ description: 'A sender: "Name <user@domain>" or "user@domain".' }));

export const Scalar = z.union([z.string(), z.number(), z.boolean()]);
export type Scalar = z.infer<typeof Scalar>;

/** "round-robin" or an owner id: who gets a contact (a handoff's `assign`, the SLA's `onMiss.reassign`). */
export const OwnerChoice = z.string().check((ctx) => {
  if (ctx.value !== "round-robin" && !KEBAB.test(ctx.value)) {
    custom(
      ctx,
      "invalid-id",
      `"${ctx.value}" is neither "round-robin" nor an owner id: use "round-robin" or the id of an owner in settings.json (like "rep-ana")`,
    );
  }
});

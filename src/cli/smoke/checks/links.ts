/**
 * `links`: the click link and the one-click unsubscribe of a smoke email, requested as emailed
 * (on the links domain): the click answers a redirect to the smoke link's target; the one-click
 * unsubscribe (RFC 8058) answers 2xx and suppresses the address. The click is not recorded, by
 * design: it comes seconds after the email, which the API takes for a mail gateway's link scanner
 * (SCANNER_WINDOW_SECONDS in src/adapters/http/click.ts), and waiting that out would lengthen every run.
 */
import { SMOKE_LINK_TAG, SMOKE_LINK_TARGET, SMOKE_STEPS } from "../../../core/smoke";
import { SmokeCheckFailed } from "../causes";
import type { CheckContext, CheckOutcome } from "../check-context";
import { enrollSmoke, expectSuppressed, waitForEmail } from "../check-context";
import { smokeContact } from "../plan";
import { smokeLinksOf } from "../smoke-links";

/** `url` as a person's mail client requests it; an answer that never came is the links domain's fault. */
async function follow(url: string, init: RequestInit, what: string): Promise<Response> {
  return fetch(url, { ...init, redirect: "manual" }).catch((error: unknown) => {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    throw new SmokeCheckFailed(
      `the ${what} ${new URL(url).origin}/… did not answer${code ? ` (${code})` : ""}`,
      "links-domain",
    );
  });
}

async function click(url: string): Promise<void> {
  const answer = await follow(url, {}, "click link");
  const location = answer.headers.get("location");
  if (answer.status >= 300 && answer.status < 400 && location === SMOKE_LINK_TARGET) return;
  throw new SmokeCheckFailed(
    `the click link answered ${answer.status}${location ? ` to ${location}` : ""}, not a redirect to ${SMOKE_LINK_TARGET}`,
    "links-domain",
  );
}

async function unsubscribe(url: string): Promise<void> {
  const answer = await follow(
    url,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    },
    "unsubscribe link",
  );
  if (answer.ok) return;
  throw new SmokeCheckFailed(`the one-click unsubscribe answered ${answer.status}`, "links-domain");
}

export async function linksCheck(ctx: CheckContext): Promise<CheckOutcome> {
  const contact = smokeContact(ctx.run, "links", "success");
  await enrollSmoke(ctx, contact);
  await waitForEmail(ctx, contact.id, SMOKE_STEPS.first);
  const links = await smokeLinksOf(ctx, contact.id);
  const tracked = links.clicks.find((link) => link.link === SMOKE_LINK_TAG);
  if (!tracked)
    throw new SmokeCheckFailed(`the smoke email has no link tagged "${SMOKE_LINK_TAG}"`, "not-deployed");
  await click(tracked.url);
  await unsubscribe(links.unsubscribeUrl);
  await expectSuppressed(ctx, contact, "unsubscribed");
  return {
    status: "pass",
    detail: `on ${new URL(tracked.url).origin}: the click link redirected, the one-click unsubscribe suppressed the address`,
  };
}

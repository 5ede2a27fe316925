/** The links of a smoke contact's latest email, as GET /smoke/contacts/{id} mints them (admin scope). */
import { type Answer, expectOk, type SmokeLinks } from "./api";
import { SmokeCheckFailed } from "./causes";
import type { CheckContext } from "./check-context";
import { waitFor } from "./wait";

/** The API's own 404 for a route it does not have (the router's, or API Gateway's). */
export const noSuchRoute = (answer: Answer) =>
  answer.status === 404 && (answer.body.error === "not-found" || answer.body.message === "Not Found");

/**
 * The smoke links of a contact whose email the caller saw sent: asked again while the API says
 * `no-email-yet` (the send's ledger entry may still be settling); fails saying why otherwise.
 */
export async function smokeLinksOf(ctx: CheckContext, contactId: string): Promise<SmokeLinks> {
  const settling = (answer: Answer) => answer.status !== 404 || answer.body.error !== "no-email-yet";
  const { value: answer } = await waitFor(() => ctx.api.smokeLinks(contactId), settling, ctx.budget);
  if (noSuchRoute(answer))
    throw new SmokeCheckFailed("the API has no GET /smoke/contacts/{id} route", "not-deployed");
  if (answer.status === 403)
    throw new SmokeCheckFailed("GET /smoke/contacts/{id} answered 403: the key is not an admin key", "api");
  return expectOk(answer, `GET /smoke/contacts/${contactId}`) as unknown as SmokeLinks;
}

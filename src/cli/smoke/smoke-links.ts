/** The links of a smoke contact's latest email, as GET /smoke/contacts/{id} mints them (admin scope). */
import { expectOk, type SmokeLinks } from "./api";
import { SmokeCheckFailed } from "./causes";
import type { CheckContext } from "./check-context";

/** The smoke links of a contact whose email the caller saw sent; fails saying why when the API refuses. */
export async function smokeLinksOf(ctx: CheckContext, contactId: string): Promise<SmokeLinks> {
  const answer = await ctx.api.smokeLinks(contactId);
  if (answer.status === 404 && (answer.body.error === "not-found" || answer.body.message === "Not Found"))
    throw new SmokeCheckFailed("the API has no GET /smoke/contacts/{id} route", "not-deployed");
  if (answer.status === 403)
    throw new SmokeCheckFailed("GET /smoke/contacts/{id} answered 403: the key is not an admin key", "api");
  return expectOk(answer, `GET /smoke/contacts/${contactId}`) as unknown as SmokeLinks;
}

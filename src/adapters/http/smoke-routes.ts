/** GET /smoke/contacts/{id} (scope admin): the links of a smoke contact's latest email, for `handoff smoke`. */
import { type SmokeLinksMissing, smokeLinks } from "../../core/engine/smoke-links";
import { refusedContactPath } from "./contact-routes";
import { type HttpDeps, type HttpRequest, type HttpResponse, json, problem } from "./types";

const REASONS: Record<SmokeLinksMissing, (contactId: string) => string> = {
  "unknown-contact": (id) => `no contact '${id}'`,
  "not-a-smoke-contact": (id) =>
    `contact '${id}' is not a smoke contact: smoke links are given only for addresses at simulator.amazonses.com`,
  "no-email-yet": (id) => `no email was sent to contact '${id}' yet: ask again in a moment`,
};

/** 200 with the links; 404 with the reason (`error`: one of SMOKE_LINKS_MISSING) when there are none. */
export async function getSmokeContact(
  deps: HttpDeps,
  request: HttpRequest,
  contactId: string,
): Promise<HttpResponse> {
  const refused = refusedContactPath(request, contactId);
  if (refused) return refused;
  const result = await smokeLinks(deps.engine, contactId);
  if ("found" in result) return json(200, result.found);
  return problem(404, result.missing, REASONS[result.missing](contactId.slice(0, 128)));
}

import { eraseContactData, exportContactData } from "../../core/engine/privacy";
import { type HttpDeps, type HttpResponse, json, problem } from "./types";

/** Contact ids as the API accepts them elsewhere: anything printable, at most 256 characters. */
const CONTACT_ID = /^[^\s/]{1,256}$/;

function checked(deps: HttpDeps, contactId: string): HttpResponse | undefined {
  if (!deps.privacy)
    return problem(
      501,
      "not-configured",
      "this deployment has no raw-mail archive or dead-letter queues wired",
    );
  if (!CONTACT_ID.test(contactId))
    return problem(400, "invalid-contact-id", "a contact id has 1 to 256 characters, no spaces or slashes");
  return undefined;
}

const unknown = (contactId: string) =>
  problem(404, "unknown-contact", `no contact '${contactId.slice(0, 128)}' (never known, or erased already)`);

/** GET /contacts/{id}/export: everything Handoff keeps about the contact, as JSON (GDPR Art. 15, 20). */
export async function getContactExport(deps: HttpDeps, contactId: string): Promise<HttpResponse> {
  const refused = checked(deps, contactId);
  if (refused) return refused;
  const exported = await exportContactData(deps.engine, deps.privacy!, contactId);
  return exported ? json(200, exported) : unknown(contactId);
}

/**
 * DELETE /contacts/{id}: erases the contact everywhere Handoff keeps it (GDPR Art. 17); its address
 * stays suppressed, as a hash. Safe to repeat: a run cut short is finished by the next.
 */
export async function deleteContact(deps: HttpDeps, contactId: string): Promise<HttpResponse> {
  const refused = checked(deps, contactId);
  if (refused) return refused;
  const report = await eraseContactData(deps.engine, deps.privacy!, contactId);
  return report ? json(200, report) : unknown(contactId);
}

/** The read API's contacts and inbox: GET /contacts/{id}, GET /contacts, GET /tasks (scope viewer). */
import { contactDetail, contactList } from "../../core/reports/contacts";
import { INBOX_STATUSES, inbox } from "../../core/reports/inbox";
import {
  answerWith,
  invalid,
  parseChoice,
  parseOwner,
  parsePage,
  parseText,
  unknownParameter,
} from "./report-params";
import { type HttpDeps, type HttpRequest, type HttpResponse, json, problem } from "./types";

/** Contact ids as the API accepts them elsewhere: anything printable, at most 256 characters. */
export const CONTACT_ID = /^[^\s/]{1,256}$/;

/** The 400 of a GET /…/contacts/{id} route with a query parameter or a malformed id; else undefined. */
export function refusedContactPath(request: HttpRequest, contactId: string): HttpResponse | undefined {
  const refused = unknownParameter(request, []);
  if (refused) return refused;
  if (!CONTACT_ID.test(contactId))
    return invalid("a contact id has 1 to 256 characters, no spaces or slashes").response;
  return undefined;
}

/** GET /contacts/{id}: the contact in full, with its timeline; 404 for an unknown contact. */
export async function getContact(
  deps: HttpDeps,
  request: HttpRequest,
  contactId: string,
): Promise<HttpResponse> {
  const refused = refusedContactPath(request, contactId);
  if (refused) return refused;
  const detail = await contactDetail(deps.engine, contactId);
  return detail
    ? json(200, detail)
    : problem(404, "unknown-contact", `no contact '${contactId.slice(0, 128)}'`);
}

/** GET /contacts[?stage=&owner=&account=&email=&limit=&cursor=]: a page, newest stage change first. */
export function getContacts(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const { catalog } = deps.engine;
  const { stage } = request.query;
  const parsed = {
    stage: stage === undefined ? { value: undefined } : parseChoice(request, "stage", catalog.scoring.stages),
    owner: parseOwner(request, catalog, { required: false }),
    account: parseText(request, "account"),
    email: parseText(request, "email", 320),
    page: parsePage(request),
  };
  const takes = ["stage", "owner", "account", "email", "limit", "cursor"];
  return answerWith(request, takes, parsed, ({ page, ...filter }) => {
    const given = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
    return contactList(deps.engine, { ...given, ...page });
  });
}

/** GET /tasks?owner=&status=: a rep's inbox (open tasks unless `status` says otherwise). */
export function getTasks(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const parsed = {
    owner: parseOwner(request, deps.engine.catalog, { required: true }),
    status: parseChoice(request, "status", INBOX_STATUSES, "open"),
  };
  return answerWith(request, ["owner", "status"], parsed, ({ owner, status }) =>
    inbox(deps.engine.store, owner!, status),
  );
}

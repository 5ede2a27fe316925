/**
 * What each API key may do. A key has one scope; a signed request (x-handoff-signature) acts as
 * `ingest`. ROUTE_SCOPES is the one table of which scope each keyed route needs: a route is either
 * in it or in PUBLIC_ROUTES (the links in emails), and the router names its entry for each route.
 */
export const SCOPES = ["ingest", "viewer", "rep", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

/** The scopes a key of each scope holds: admin everything, rep a viewer's rights too. */
const HOLDS: Record<Scope, readonly Scope[]> = {
  ingest: ["ingest"],
  viewer: ["viewer"],
  rep: ["viewer", "rep"],
  admin: SCOPES,
};

export function grants(held: Scope, needed: Scope): boolean {
  return HOLDS[held].includes(needed);
}

/** Route key (as API Gateway writes it) → the scope a key needs for it. */
export const ROUTE_SCOPES = {
  "POST /events": "ingest",
  "POST /enroll": "ingest",
  "POST /tasks/{id}/complete": "rep",
  "POST /leads/{contactId}/accept": "rep",
  "POST /leads/{contactId}/reject": "rep",
  "POST /contacts/{id}/stage": "admin",
  "GET /enrollments/failed": "admin",
  "POST /enrollments/redrive": "admin",
  "GET /sends/uncertain": "admin",
  // The whole of a contact's personal data, and its erasure: operators only.
  "GET /contacts/{id}/export": "admin",
  "DELETE /contacts/{id}": "admin",
  // The dashboard's pickers: workflow ids and names, owner ids and names.
  "GET /workflows": "viewer",
  // The read API (docs/http-api.md, "Read API"): every GET a viewer's.
  "GET /contacts/{id}": "viewer",
  "GET /contacts": "viewer",
  "GET /tasks": "viewer",
  "GET /reports/funnel": "viewer",
  "GET /reports/stages": "viewer",
  "GET /reports/sla": "viewer",
  "GET /reports/accounts": "viewer",
  "GET /reports/attribution": "viewer",
  // Creates the Asana webhook (src/adapters/http/asana-routes.ts): operators only.
  "POST /integrations/asana/connect": "admin",
  // Mints a smoke contact's email links (src/adapters/http/smoke-routes.ts, `handoff smoke`): operators only.
  "GET /smoke/contacts/{id}": "admin",
} as const satisfies Record<string, Scope>;
export type KeyedRoute = keyof typeof ROUTE_SCOPES;

/**
 * Routes without a key: the unsubscribe and click links in emails and the lead page (their tokens
 * are signed), and the dashboard's page and assets (src/adapters/http/dashboard-routes.ts: the page
 * asks for a key).
 */
export const PUBLIC_ROUTES = [
  "GET /u/{token}",
  "POST /u/{token}",
  "GET /r/{token}",
  "GET /",
  "GET /dashboard/{file}",
  // The "Accept or reject" page of a handoff's Slack message (its token is signed too).
  "GET /l/{token}",
  "POST /l/{token}",
  // The website tracking script and its collect endpoint (src/adapters/http/tracking-routes.ts:
  // guarded by the site key's origins and rate instead).
  "GET /t.js",
  "POST /t",
  "OPTIONS /t",
  // Asana's webhook: its handshake awaits a connect's nonce, its events are signed (asana-routes.ts).
  "POST /integrations/asana/webhook",
] as const;
export type PublicRoute = (typeof PUBLIC_ROUTES)[number];

import { DASHBOARD_FILES, DASHBOARD_PAGE } from "./dashboard/assets.generated";
import { type HttpResponse, problem } from "./types";

/**
 * The dashboard's page (self only: its script, its style and the API it calls). `connect-src
 * 'self'`: the page talks to the API that served it, nothing else; no inline script or style.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const SHARED_HEADERS = { "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };

/** The shell is never cached (it names the current assets); an asset's name holds its content hash. */
const PAGE: HttpResponse = {
  status: 200,
  headers: {
    ...SHARED_HEADERS,
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-cache",
    "content-security-policy": DASHBOARD_CSP,
    "x-frame-options": "DENY",
  },
  body: DASHBOARD_PAGE,
};

/** Each asset's answer. */
const ASSETS = new Map<string, HttpResponse>(
  Object.entries(DASHBOARD_FILES).map(([file, { type, text }]) => [
    file,
    {
      status: 200,
      headers: {
        ...SHARED_HEADERS,
        "content-type": type,
        "cache-control": "public, max-age=31536000, immutable",
      },
      body: text,
    },
  ]),
);

function asset(file: string): HttpResponse {
  return ASSETS.get(file) ?? problem(404, "not-found", `no dashboard file ${file.slice(0, 100)}`);
}

/**
 * `GET /` (the page) and `GET /dashboard/<file>` (its script and style), public: the page asks for
 * an API key and sends it with each call. Undefined for any other path, which the router goes on with.
 */
export function dashboardRoute(method: string, path: string): HttpResponse | undefined {
  const isPage = path === "/";
  const file = path.startsWith("/dashboard/") ? path.slice("/dashboard/".length) : undefined;
  if (!isPage && file === undefined) return undefined;
  if (method !== "GET" && method !== "HEAD") {
    const response = problem(405, "method-not-allowed", "use GET");
    return { ...response, headers: { ...response.headers, allow: "GET" } };
  }
  return isPage ? PAGE : asset(file!);
}

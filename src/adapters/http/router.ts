import { allowedOrigin, preflight, withCors } from "./cors";
import { guarded } from "./guard";
import { ROUTES, type RouteEntry } from "./routes";
import type { KeyedRoute } from "./scopes";
import { type HttpDeps, type HttpRequest, type HttpResponse, notAllowed, problem } from "./types";

const TOKEN = "([A-Za-z0-9._~-]{10,2000})";

/** The path without trailing slashes ("/" for none left); a loop, since /\/+$/ is quadratic on "////…x". */
function trimSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
  return path.slice(0, end) || "/";
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The public HTTP API. Every malformed, oversized, unauthenticated or forged request gets a 4xx
 * with a reason; only a fault of Handoff itself is a 5xx. A browser origin listed in `deps.cors`
 * gets its preflight answered and CORS headers on every answer; any other gets neither.
 */
export async function route(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const origin = allowedOrigin(deps.cors, request);
  if (origin && request.method.toUpperCase() === "OPTIONS") return preflight(origin);
  const response = await dispatch(deps, request);
  return origin ? withCors(response, origin) : response;
}

/** A route's path template as a pattern: `{token}` a signed token, any other `{…}` one path segment. */
function patternOf(template: string): RegExp {
  const parts = template.split("/").map((part) => {
    if (part === "{token}") return TOKEN;
    return /^\{\w+\}$/.test(part) ? "([^/]+)" : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  });
  return new RegExp(`^${parts.join("/")}$`);
}

/** The table's routes by path pattern, each with its routes by method. */
const BY_PATH = (() => {
  const byPath = new Map<string, { pattern: RegExp; methods: Map<string, RouteEntry> }>();
  for (const entry of ROUTES) {
    const [method, template] = entry.route.split(" ") as [string, string];
    const path = byPath.get(template) ?? { pattern: patternOf(template), methods: new Map() };
    path.methods.set(method, entry);
    byPath.set(template, path);
  }
  return [...byPath.values()];
})();

async function dispatch(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const method = request.method.toUpperCase();
  const path = trimSlashes(request.path);
  for (const { pattern, methods } of BY_PATH) {
    const match = pattern.exec(path);
    if (!match) continue;
    const params = match.slice(1).map(safeDecode);
    const entry = methods.get(method) ?? (method === "HEAD" ? methods.get("GET") : undefined);
    // HEAD is a GET without a body for the public pages and links only.
    if (!entry || (method === "HEAD" && entry.keyed)) return notAllowed([...methods.keys()].join(", "));
    // A keyed route's key is its entry of ROUTE_SCOPES (src/adapters/http/scopes.ts): the scope it needs.
    if (entry.keyed)
      return guarded(deps, request, entry.route as KeyedRoute, () => entry.answer(deps, request, params));
    return entry.answer(deps, request, params);
  }
  return problem(404, "not-found", `no route ${method} ${path.slice(0, 100)}`);
}

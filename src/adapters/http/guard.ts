import { authenticate, type Caller } from "./auth";
import { grants, type KeyedRoute, ROUTE_SCOPES } from "./scopes";
import { type HttpDeps, type HttpRequest, type HttpResponse, json, problem } from "./types";

/**
 * A keyed route's gate: who is calling (401 when nobody valid), whether their scope covers the
 * route (403 naming the scope it needs), and whether they are within their rate (429), in that order.
 */
export async function guarded(
  deps: HttpDeps,
  request: HttpRequest,
  route: KeyedRoute,
  run: () => Promise<HttpResponse>,
): Promise<HttpResponse> {
  const authentication = await authenticate(deps, request);
  if (!authentication.ok) return problem(401, "unauthenticated", authentication.reason);
  const { caller } = authentication;
  const needs = ROUTE_SCOPES[route];
  if (!grants(caller.scope, needs)) {
    const reason = `${route} needs a key with scope ${needs}; ${caller.label} has scope ${caller.scope}`;
    return json(403, { error: "forbidden", reason, needs });
  }
  return (await overRate(deps, caller)) ?? run();
}

/**
 * A fixed one-second window per caller (a key, signed requests, a tracking site key), counted in
 * the store (so every Lambda container shares it): past `rate` requests in the second, 429 until
 * the next one.
 */
export async function overRate(
  deps: HttpDeps,
  caller: Pick<Caller, "id" | "label" | "rate">,
): Promise<HttpResponse | undefined> {
  if (caller.rate === undefined) return undefined;
  const now = deps.engine.clock.now();
  const second = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((second + 2) * 1000);
  const count = await deps.engine.store.increment(`rate:${caller.id}:${second}`, { expiresAt });
  if (count <= caller.rate) return undefined;
  const response = problem(
    429,
    "too-many-requests",
    `${caller.label} made more than ${caller.rate} requests per second; retry after 1 second`,
  );
  return { ...response, headers: { ...response.headers, "retry-after": "1" } };
}

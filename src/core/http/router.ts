import { authenticate } from "./auth";
import { getClick } from "./click";
import { postEnroll } from "./enroll";
import { getFailedEnrollments, postRedrive } from "./enrollments";
import { postEvents } from "./events";
import { postContactStage } from "./stage";
import { postCompleteTask } from "./tasks";
import { type HttpDeps, type HttpRequest, type HttpResponse, problem } from "./types";
import { getUnsubscribe, postUnsubscribe } from "./unsubscribe";

const TOKEN = "([A-Za-z0-9._~-]{10,2000})";
const UNSUBSCRIBE = new RegExp(`^/u/${TOKEN}$`);
const CLICK = new RegExp(`^/r/${TOKEN}$`);

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
 * with a reason; only a fault of Handoff itself is a 5xx.
 */
export async function route(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const method = request.method.toUpperCase();
  const path = trimSlashes(request.path);
  const authed = async (run: () => Promise<HttpResponse>) => {
    const why = authenticate(deps.auth, request, deps.engine.clock.now());
    return why ? problem(401, "unauthenticated", why) : run();
  };
  if (path === "/events")
    return method === "POST" ? authed(() => postEvents(deps, request)) : notAllowed("POST");
  if (path === "/enroll")
    return method === "POST" ? authed(() => postEnroll(deps, request)) : notAllowed("POST");
  if (path === "/enrollments/failed")
    return method === "GET" ? authed(() => getFailedEnrollments(deps, request)) : notAllowed("GET");
  if (path === "/enrollments/redrive")
    return method === "POST" ? authed(() => postRedrive(deps, request)) : notAllowed("POST");
  const task = /^\/tasks\/([^/]+)\/complete$/.exec(path)?.[1];
  if (task !== undefined) {
    return method === "POST"
      ? authed(() => postCompleteTask(deps, request, safeDecode(task)))
      : notAllowed("POST");
  }
  const stageOf = /^\/contacts\/([^/]+)\/stage$/.exec(path)?.[1];
  if (stageOf !== undefined) {
    return method === "POST"
      ? authed(() => postContactStage(deps, request, safeDecode(stageOf)))
      : notAllowed("POST");
  }
  const unsubscribeToken = UNSUBSCRIBE.exec(path)?.[1];
  if (unsubscribeToken !== undefined) {
    if (method === "GET" || method === "HEAD") return getUnsubscribe(deps, unsubscribeToken);
    return method === "POST" ? postUnsubscribe(deps, request, unsubscribeToken) : notAllowed("GET, POST");
  }
  const clickToken = CLICK.exec(path)?.[1];
  if (clickToken !== undefined)
    return method === "GET" || method === "HEAD" ? getClick(deps, clickToken, method) : notAllowed("GET");
  return problem(404, "not-found", `no route ${method} ${path.slice(0, 100)}`);
}

function notAllowed(allow: string): HttpResponse {
  const response = problem(405, "method-not-allowed", `use ${allow}`);
  return { ...response, headers: { ...response.headers, allow } };
}

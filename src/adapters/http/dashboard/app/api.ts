/**
 * The dashboard's calls to the API that served it: the key (kept in sessionStorage, so it goes
 * when the tab closes) sent as `x-api-key`; a 401 or 403 tells the listener, which asks for a key.
 */
const KEY_ITEM = "handoff.apiKey";

export function storedKey(): string | undefined {
  return sessionStorage.getItem(KEY_ITEM) ?? undefined;
}

export function storeKey(key: string): void {
  sessionStorage.setItem(KEY_ITEM, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY_ITEM);
}

/** A key in the address's fragment (`#key=…`, as `npm start -- --serve` prints it) is kept, then removed from the address bar. */
export function takeKeyFromFragment(): void {
  const match = /^#(?:.*&)?key=([^&]*)/.exec(location.hash);
  if (!match) return;
  storeKey(decodeURIComponent(match[1] ?? ""));
  history.replaceState(null, "", location.pathname + location.search);
}

/** An answer other than 2xx, with the API's reason. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = "ApiError";
  }
}

type Listener = (reason: string) => void;
let unauthorized: Listener = () => {};

/** Who hears of a 401 or 403 (the app, which asks for a key again); returns the undo. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorized = listener;
  return () => {
    unauthorized = () => {};
  };
}

function reasonOf(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { reason?: unknown };
    if (typeof body.reason === "string") return body.reason;
  } catch {
    // not JSON: the status says it
  }
  return `the API answered ${status}`;
}

/** GET (or POST with a JSON body) `path`; throws ApiError with the API's reason for anything but 2xx. */
export async function callApi<T>(path: string, post?: { body: unknown }): Promise<T> {
  const headers: Record<string, string> = { "x-api-key": storedKey() ?? "", accept: "application/json" };
  if (post) headers["content-type"] = "application/json";
  const response = await fetch(path, {
    method: post ? "POST" : "GET",
    headers,
    ...(post ? { body: JSON.stringify(post.body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) {
    const reason = reasonOf(response.status, text);
    if (response.status === 401 || response.status === 403) unauthorized(reason);
    throw new ApiError(response.status, reason);
  }
  return (text ? JSON.parse(text) : {}) as T;
}

/** `?name=value&…` of the parameters that have a value ("" when none has). */
export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}

/**
 * TaskTracker (src/core/integrations/task-tracker.ts) over Asana's REST API, the documented subset
 * Handoff uses: `POST /tasks`, `GET /tasks/{gid}`, `POST /webhooks`, each `{ "data": … }` with a
 * personal access token (Bearer). 429, 5xx and no answer are TransientError (Retry-After quoted);
 * any other refusal is TrackerRefusedError with Asana's own message. No error quotes the token.
 */
import { TrackerRefusedError, TransientError } from "../../core/errors";
import type { TaskTracker, TrackedTask, TrackerTaskState } from "../../core/integrations/task-tracker";

/** Asana's API root; tests give their local server's. */
export const ASANA_API_URL = "https://app.asana.com/api/1.0";
export const DEFAULT_ASANA_TIMEOUT_MS = 10_000;
/** How much of Asana's error message an error quotes. */
const MESSAGE_EXCERPT = 300;

export interface AsanaTrackerOptions {
  /** The personal access token, or how to read it (at first use). */
  token: string | (() => string);
  /** The project gid every task is created in (settings.integrations.asana.project). */
  project: string;
  /** Owner id → the Asana user's email (settings.integrations.asana.assignees). */
  assignees: Readonly<Record<string, string>>;
  /** Asana's API root, ASANA_API_URL by default. */
  apiUrl?: string;
  fetch?: typeof fetch;
  /** Per-request timeout; DEFAULT_ASANA_TIMEOUT_MS by default. */
  timeoutMs?: number;
}

/** The text of an Asana task: the task's notes, then the way back to Handoff. */
export function asanaNotes(task: TrackedTask): string {
  const lines = [
    ...(task.notes ? [task.notes, ""] : []),
    `Contact's timeline in Handoff: ${task.link}`,
    `Handoff task: ${task.taskId}`,
  ];
  return lines.join("\n");
}

export class AsanaTaskTracker implements TaskTracker {
  readonly #options: AsanaTrackerOptions;
  readonly #apiUrl: string;

  constructor(options: AsanaTrackerOptions) {
    this.#options = options;
    this.#apiUrl = (options.apiUrl ?? ASANA_API_URL).replace(/\/+$/, "");
  }

  async createTask(task: TrackedTask): Promise<{ externalId: string }> {
    const assignee = task.owner === undefined ? undefined : this.#options.assignees[task.owner];
    const data = {
      name: task.title,
      notes: asanaNotes(task),
      projects: [this.#options.project],
      ...(assignee ? { assignee } : {}),
      ...(task.due ? { due_at: task.due } : {}),
    };
    const created = await this.#request("POST", "/tasks", data);
    return { externalId: gidOf(created, "POST /tasks") };
  }

  async readTask(externalId: string): Promise<TrackerTaskState> {
    const path = `/tasks/${encodeURIComponent(externalId)}?opt_fields=completed`;
    const task = await this.#request("GET", path);
    return { externalId, completed: task.completed === true };
  }

  async watch(target: string): Promise<{ watchId: string }> {
    const data = {
      resource: this.#options.project,
      target,
      filters: [{ resource_type: "task", action: "changed", fields: ["completed"] }],
    };
    return { watchId: gidOf(await this.#request("POST", "/webhooks", data), "POST /webhooks") };
  }

  /** One call; the answer's `data`. */
  async #request(method: "GET" | "POST", path: string, data?: object): Promise<Record<string, unknown>> {
    const what = `Asana ${method} ${path.split("?")[0]}`;
    const token = typeof this.#options.token === "function" ? this.#options.token() : this.#options.token;
    const timeoutMs = this.#options.timeoutMs ?? DEFAULT_ASANA_TIMEOUT_MS;
    let response: Response;
    try {
      response = await (this.#options.fetch ?? globalThis.fetch)(`${this.#apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          ...(data ? { "content-type": "application/json" } : {}),
        },
        ...(data ? { body: JSON.stringify({ data }) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      const reason = timedOut ? `timed out after ${timeoutMs} ms` : `failed: ${(error as Error).message}`;
      throw new TransientError(`${what} ${reason}`);
    }
    const body = await readJson(response);
    if (response.ok && typeof body.data === "object" && body.data !== null)
      return body.data as Record<string, unknown>;
    const detail = `${what} answered HTTP ${response.status}${messageOf(body)}`;
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = response.headers.get("retry-after");
      throw new TransientError(retryAfter ? `${detail} (retry after ${retryAfter} s)` : detail);
    }
    throw new TrackerRefusedError(detail, response.status);
  }
}

function gidOf(data: Record<string, unknown>, what: string): string {
  if (typeof data.gid !== "string" || data.gid === "")
    throw new TrackerRefusedError(`Asana ${what} answered without a gid`, 200);
  return data.gid;
}

/** Asana's error bodies are `{ "errors": [{ "message" }] }`. */
function messageOf(body: Record<string, unknown>): string {
  const errors = Array.isArray(body.errors) ? body.errors : [];
  const message = (errors[0] as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? `: ${message.slice(0, MESSAGE_EXCERPT)}` : "";
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(await response.text());
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

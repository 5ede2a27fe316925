/**
 * A local HTTP server speaking the documented subset of Asana's API that Handoff uses, under
 * `/api/1.0`, every body `{ "data": … }`, errors `{ "errors": [{ "message" }] }`:
 * - `POST /tasks` (name, notes, projects, assignee as an email, due_at), `GET /tasks/{gid}`,
 *   `PUT /tasks/{gid}` (`completed`: a change is delivered to the project's webhooks);
 * - `POST /webhooks` (resource, target, filters): performs the handshake against the target during
 *   the call (`X-Hook-Secret`, which must come back echoed in a 200 or 204), then later POSTs events
 *   signed with `X-Hook-Signature` = hex HMAC-SHA256 of the body with that secret.
 * Requests need `Authorization: Bearer <token>`. `failNext` makes the next requests fail (a 503 or
 * a 429 with Retry-After) without doing anything.
 */
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface AsanaTask {
  gid: string;
  name: string;
  notes: string;
  projects: string[];
  assignee: string | null;
  due_at: string | null;
  completed: boolean;
}

interface Webhook {
  gid: string;
  resource: string;
  target: string;
  secret: string;
}

export interface Delivery {
  target: string;
  status: number;
  body: string;
}

type Answer = { status: number; data?: unknown; error?: string; headers?: Record<string, string> };

export class AsanaServer {
  readonly tasks = new Map<string, AsanaTask>();
  readonly webhooks: Webhook[] = [];
  readonly deliveries: Delivery[] = [];
  /** Every request as `METHOD /path`, in order. */
  readonly requests: string[] = [];
  #failures: Array<{ status: number }> = [];
  #nextGid = 1_200_000_000_000_001;
  #url = "";
  readonly #server = createServer((req, res) => void this.#handle(req, res));

  constructor(readonly token: string) {}

  /** The API root to give AsanaTaskTracker (`http://127.0.0.1:<port>/api/1.0`). */
  get apiUrl(): string {
    return `${this.#url}/api/1.0`;
  }

  static async start(token: string): Promise<AsanaServer> {
    const server = new AsanaServer(token);
    await new Promise<void>((done) => server.#server.listen(0, "127.0.0.1", done));
    server.#url = `http://127.0.0.1:${(server.#server.address() as AddressInfo).port}`;
    return server;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((done) => this.#server.close(() => done()));
  }

  /** The next `count` requests answer `status` (429 with Retry-After: 30) and change nothing. */
  failNext(count: number, status = 503): void {
    for (let i = 0; i < count; i++) this.#failures.push({ status });
  }

  /** A person ticks the task done in Asana: its webhooks are told (awaited, so a test sees the effect). */
  async complete(gid: string): Promise<void> {
    await this.#update(gid, { completed: true });
  }

  /** Posts `body` to every webhook as Asana would, signed with `secret` instead when given. */
  async deliver(body: string, options: { secret?: string } = {}): Promise<Delivery[]> {
    const delivered: Delivery[] = [];
    for (const webhook of this.webhooks) {
      const signature = createHmac("sha256", options.secret ?? webhook.secret)
        .update(body)
        .digest("hex");
      const response = await fetch(webhook.target, {
        method: "POST",
        headers: { "content-type": "application/json; charset=UTF-8", "x-hook-signature": signature },
        body,
      });
      delivered.push({ target: webhook.target, status: response.status, body: await response.text() });
    }
    this.deliveries.push(...delivered);
    return delivered;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.#url);
    const body = await readBody(req);
    this.requests.push(`${req.method} ${url.pathname}`);
    const answer = await this.#answer(req, url, body);
    const payload = answer.error ? { errors: [{ message: answer.error }] } : { data: answer.data };
    res
      .writeHead(answer.status, { "content-type": "application/json", ...answer.headers })
      .end(JSON.stringify(payload));
  }

  async #answer(req: IncomingMessage, url: URL, body: string): Promise<Answer> {
    if (req.headers.authorization !== `Bearer ${this.token}`) return { status: 401, error: "Not Authorized" };
    const failure = this.#failures.shift();
    if (failure) {
      const headers: Record<string, string> = failure.status === 429 ? { "retry-after": "30" } : {};
      return { status: failure.status, error: "Server Error", headers };
    }
    const data = body ? ((JSON.parse(body) as { data?: Record<string, unknown> }).data ?? {}) : {};
    const task = /^\/api\/1\.0\/tasks\/(\d+)$/.exec(url.pathname)?.[1];
    if (req.method === "POST" && url.pathname === "/api/1.0/tasks") return this.#createTask(data);
    if (req.method === "GET" && task) return this.#readTask(task);
    if (req.method === "PUT" && task) return this.#update(task, data);
    if (req.method === "POST" && url.pathname === "/api/1.0/webhooks") return this.#createWebhook(data);
    return { status: 404, error: "Unknown object" };
  }

  #createTask(data: Record<string, unknown>): Answer {
    const projects = data.projects;
    if (typeof data.name !== "string" || !Array.isArray(projects) || projects.length === 0)
      return { status: 400, error: "name: Missing input; projects: Missing input" };
    if (data.assignee !== undefined && !/^[^@\s]+@[^@\s]+$/.test(String(data.assignee)))
      return { status: 400, error: "assignee: Not a recognized ID or email" };
    const gid = String(this.#nextGid++);
    const task: AsanaTask = {
      gid,
      name: data.name,
      notes: typeof data.notes === "string" ? data.notes : "",
      projects: projects.map(String),
      assignee: typeof data.assignee === "string" ? data.assignee : null,
      due_at: typeof data.due_at === "string" ? data.due_at : null,
      completed: false,
    };
    this.tasks.set(gid, task);
    return { status: 201, data: { ...task, resource_type: "task" } };
  }

  #readTask(gid: string): Answer {
    const task = this.tasks.get(gid);
    return task
      ? { status: 200, data: { gid, completed: task.completed } }
      : { status: 404, error: "Unknown object" };
  }

  async #update(gid: string, data: Record<string, unknown>): Promise<Answer> {
    const task = this.tasks.get(gid);
    if (!task) return { status: 404, error: "Unknown object" };
    const changed = typeof data.completed === "boolean" && data.completed !== task.completed;
    if (typeof data.completed === "boolean") task.completed = data.completed;
    if (changed) await this.#tellWebhooks(task);
    return { status: 200, data: task };
  }

  async #tellWebhooks(task: AsanaTask): Promise<void> {
    const event = {
      user: { gid: "1100000000000001", resource_type: "user" },
      created_at: new Date().toISOString(),
      action: "changed",
      resource: { gid: task.gid, resource_type: "task", resource_subtype: "default_task" },
      parent: null,
      change: { field: "completed", action: "changed" },
    };
    await this.deliver(JSON.stringify({ events: [event] }));
  }

  /** The handshake happens during the call: the target must echo X-Hook-Secret in a 200 or 204. */
  async #createWebhook(data: Record<string, unknown>): Promise<Answer> {
    const { resource, target } = data;
    if (typeof resource !== "string" || typeof target !== "string")
      return { status: 400, error: "resource: Missing input; target: Missing input" };
    const secret = randomBytes(32).toString("hex");
    const handshake = await fetch(target, { method: "POST", headers: { "x-hook-secret": secret } }).catch(
      () => undefined,
    );
    const echoed = handshake?.headers.get("x-hook-secret");
    if (!handshake || ![200, 204].includes(handshake.status) || echoed !== secret)
      return { status: 400, error: `Could not complete activation handshake with target URL` };
    const webhook = { gid: String(this.#nextGid++), resource, target, secret };
    this.webhooks.push(webhook);
    return { status: 201, data: { gid: webhook.gid, resource: { gid: resource }, target, active: true } };
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

import { localAdminKey } from "../../adapters/http/keys";
import { route } from "../../adapters/http/router";
import type { HttpRequest } from "../../adapters/http/types";
import type { LocalRuntime } from "../local-runtime";
import { meterInvocation } from "../meters";
import type { Act } from "./activity";
import { type DeliveryPolicy, reliably } from "./delivery";

export const SIMULATION_API_KEY = "simulation-api-key";

export interface ActorOptions {
  runtime: LocalRuntime;
  /** Prospects act on a grid of this many ms (see `at`). */
  grid: number;
  /** How actions reach Handoff under faults (`--chaos`): duplicates, late events, retries. */
  policy?: DeliveryPolicy;
}

/**
 * How prospects' actions reach Handoff: on a grid of virtual time, through the HTTP API with the
 * simulation's admin key (metered as API invocations), retried under the delivery policy; once
 * stopped, nobody takes a new initiative.
 */
export class Actor {
  /** Past the simulated days prospects and reps take no more initiatives; SES still reports. */
  private quiet = false;

  constructor(private readonly actorOptions: ActorOptions) {}

  /** Runs `action`, retrying it on failure when the policy says so; gives it up to the dead letters. */
  reliably(what: string, action: () => Promise<unknown>): () => Promise<void> {
    const { runtime, policy } = this.actorOptions;
    return reliably(action, { runtime, policy, what });
  }

  /** A request to the HTTP API with the simulation's admin key, metered as one API invocation. */
  api(request: Omit<HttpRequest, "query">) {
    const { runtime } = this.actorOptions;
    return meterInvocation(runtime.usage, "api", () =>
      route(runtime.http({ apiKeys: [localAdminKey(SIMULATION_API_KEY)], signingSecrets: [] }), {
        query: {},
        ...request,
      }),
    );
  }

  /** POSTs `body` as JSON with the simulation's API key, as the product, website or calendar would. */
  post(path: string, body: unknown) {
    return this.api({
      method: "POST",
      path,
      headers: { "content-type": "application/json", "x-api-key": SIMULATION_API_KEY },
      body: JSON.stringify(body),
    });
  }

  /**
   * From now on nobody acts of their own accord (no click, reply, event or completed task); what
   * SES reports about emails still arrives. A chaos run drains its enrollments this way: with
   * prospects still engaging, recycling campaigns would go on for ever.
   */
  stopActing(): void {
    this.quiet = true;
  }

  /**
   * Runs `action` after `delay`, on the next whole grid step: prospects act "within the hour", and
   * actions that share an instant run together, which is what makes a large simulation fast.
   */
  at(delay: number, action: () => Promise<unknown>): void {
    if (!this.quiet) this.onGrid(delay, action);
  }

  /** Like `at`, also once nobody acts any more (what SES reports). */
  onGrid(delay: number, action: () => Promise<unknown>): void {
    const { runtime, grid } = this.actorOptions;
    const at = Math.ceil((runtime.clock.millis() + delay) / grid) * grid;
    runtime.schedule(at, this.reliably("a prospect's action", action));
  }

  /**
   * Posts `act` for the contact `after` ms from now: a burst in one request (so that it does not race
   * itself), each event with an id made of `key`, so a retried action is a duplicate and not a new event.
   */
  track(contactId: string, act: Act, { after, key }: { after: number; key: string }): void {
    const events = Array.from({ length: act.times }, (_, i) => ({
      id: `sim/${contactId}/${key}/${i + 1}`,
      contactId,
      event: act.event,
      properties: act.properties,
    }));
    this.at(after, () => this.post("/events", { events }));
  }
}

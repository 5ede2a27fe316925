import { SCANNER_WINDOW_SECONDS } from "../../adapters/http/click";
import { localAdminKey } from "../../adapters/http/keys";
import { route } from "../../adapters/http/router";
import type { HttpRequest, HttpResponse } from "../../adapters/http/types";
import { ingestEvent } from "../../core/engine/ingest";
import { receiveMailEvent } from "../../core/engine/mail-events";
import { receiveReply } from "../../core/engine/replies";
import type { Scalar, ScenarioEvent } from "../../core/language";
import type { LocalRuntime } from "../local-runtime";
import {
  SES_COMPLAINT,
  SES_DELIVERY,
  SES_DELIVERY_DELAY,
  SES_OPEN,
  SES_USER_UNKNOWN,
  type SesEventKind,
  sesMailEvent,
} from "../local-ses-events";
import { impossible, trackedTokens } from "./answers";
import type { CapturedSend, Journal } from "./journal";

/** The API key the scenario runner uses for the events and task APIs of its own runtime. */
export const SCENARIO_API_KEY = "handoff-scenario-runner";

/** The SES events (as EventBridge delivers them) behind the email events SES reports. */
const SES_EVENTS: Record<string, SesEventKind> = {
  "email.delivered": SES_DELIVERY,
  "email.open": SES_OPEN,
  "email.bounce": SES_USER_UNKNOWN,
  "email.delayed": SES_DELIVERY_DELAY,
  "email.complaint": SES_COMPLAINT,
};

function unsubscribePath(send: CapturedSend): string | undefined {
  const header = send.email.headers["List-Unsubscribe"];
  const url = header ? /<([^>]+)>/.exec(header)?.[1] : undefined;
  if (!url) return undefined;
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

/**
 * Delivers scenario events through the doors real engagement comes in by: SES events for opens,
 * deliveries, bounces and complaints; the click redirect; the one-click unsubscribe; the reply
 * address; the events API for custom events. Only what has no door is ingested directly.
 */
export interface DelivererOptions {
  runtime: LocalRuntime;
  journal: Journal;
  /** The scenario's start (ms), to date the events in messages. */
  start: number;
}

export class Deliverer {
  private readonly runtime: LocalRuntime;
  private readonly journal: Journal;
  private readonly start: number;

  constructor({ runtime, journal, start }: DelivererOptions) {
    this.runtime = runtime;
    this.journal = journal;
    this.start = start;
  }

  private api(request: Omit<HttpRequest, "query" | "headers"> & { headers?: HttpRequest["headers"] }) {
    const http = this.runtime.http({ apiKeys: [localAdminKey(SCENARIO_API_KEY)], signingSecrets: [] });
    return route(http, { query: {}, headers: {}, ...request });
  }

  private now(): string {
    return this.runtime.clock.now().toISOString();
  }

  /**
   * Delivers event number `index` of the scenario; `target` is the email it answers, if any. An
   * event no real contact could make is not delivered: it is a fault of the scenario.
   */
  async deliver(index: number, event: ScenarioEvent, target: CapturedSend | undefined): Promise<void> {
    const why = impossible(event, target, { start: this.start, now: this.runtime.clock.millis() });
    if (why) return this.journal.fault(event.contact, index, why);
    const name = event.event;
    const ses = SES_EVENTS[name];
    if (ses && target) return this.sesEvent(target, ses);
    if (name === "email.click" && target && event.link) {
      const tokens = trackedTokens(target, event.link);
      if (tokens.length) return this.click(event, tokens, target);
    }
    if (name === "email.reply" && target?.email.replyTo) return this.reply(index, event, target);
    if (name === "email.unsubscribe" && target) {
      const path = unsubscribePath(target);
      if (path) return this.unsubscribe(event, path);
    }
    if (name === "lead.accepted" || name === "lead.rejected") return this.leadAnswer(event);
    if (name.startsWith("email.") || name.startsWith("task.")) return this.plain(index, event, target);
    return this.custom(index, event);
  }

  private async sesEvent(target: CapturedSend, kind: SesEventKind) {
    const sent = { email: target.email, messageId: target.messageId, sentAt: target.at };
    const outcome = await receiveMailEvent(this.runtime.deps, sesMailEvent(kind, sent, this.now()));
    if ("ignored" in outcome) throw new Error(`SES ${kind.type} event did not map to a Handoff event`);
  }

  private async click(event: ScenarioEvent, tokens: string[], target: CapturedSend) {
    const answers: number[] = [];
    const seconds = Math.floor((this.runtime.clock.millis() - target.at) / 1000);
    if (seconds < SCANNER_WINDOW_SECONDS)
      this.journal.note(
        event.contact,
        `click on the '${event.link}' link ${seconds}s after the email went out is taken for a link scanner's and not counted: clicks count from ${SCANNER_WINDOW_SECONDS}s on`,
      );
    for (const token of tokens) {
      const response = await this.api({ method: "GET", path: `/r/${token}`, body: "" });
      if (response.status === 302) return;
      answers.push(response.status);
    }
    this.journal.note(
      event.contact,
      `click on the '${event.link}' link answered ${answers.join(", ")} instead of a redirect`,
    );
  }

  private async reply(index: number, event: ScenarioEvent, target: CapturedSend) {
    const outcome = await receiveReply(this.runtime.deps, {
      messageId: `scenario-${index}`,
      at: this.now(),
      recipients: [target.email.replyTo!],
      subject: `Re: ${target.email.subject}`,
      headers: [],
    });
    if (outcome.status !== "reply")
      this.journal.note(
        event.contact,
        `reply to ${target.workflowId}/${target.stepId} was not taken as a reply: ${"reason" in outcome ? outcome.reason : outcome.status}`,
      );
  }

  private async unsubscribe(event: ScenarioEvent, path: string) {
    const response = await this.api({
      method: "POST",
      path,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    if (response.status !== 200)
      this.journal.note(
        event.contact,
        `one-click unsubscribe answered ${response.status}: ${brief(response)}`,
      );
  }

  /** Engagement with no door of its own (task events, a reply to an email without a reply address): stored as it is. */
  private async plain(index: number, event: ScenarioEvent, target: CapturedSend | undefined) {
    const properties: Record<string, Scalar> = { ...(event.properties ?? {}) };
    if (event.link) properties.link = event.link;
    await ingestEvent(this.runtime.deps, {
      id: `scenario:${index}`,
      contactId: event.contact,
      name: event.event,
      at: this.now(),
      properties,
      ...(target
        ? {
            enrollmentId: target.enrollmentId,
            workflowId: target.workflowId,
            stepId: target.stepId,
            messageId: target.messageId,
          }
        : {}),
    });
  }

  /** A custom event from the product or website, through POST /events. */
  private async custom(index: number, event: ScenarioEvent) {
    const body = JSON.stringify({
      id: `scenario:${index}`,
      contactId: event.contact,
      event: event.event,
      at: this.now(),
      properties: { ...(event.properties ?? {}), ...(event.link ? { link: event.link } : {}) },
    });
    const response = await this.api({
      method: "POST",
      path: "/events",
      headers: { "x-api-key": SCENARIO_API_KEY, "content-type": "application/json" },
      body,
    });
    if (response.status !== 202)
      this.journal.note(event.contact, `POST /events refused ${event.event}: ${brief(response)}`);
  }

  /** The owner's answer to a handed-off lead, through POST /leads/{contactId}/accept or /reject. */
  private async leadAnswer(event: ScenarioEvent) {
    const answer = event.event === "lead.accepted" ? "accept" : "reject";
    const reason = event.properties?.reason;
    const response = await this.api({
      method: "POST",
      path: `/leads/${encodeURIComponent(event.contact)}/${answer}`,
      headers: { "x-api-key": SCENARIO_API_KEY, "content-type": "application/json" },
      body: JSON.stringify({
        by: "scenario",
        ...(answer === "reject" ? { reason: String(reason ?? "") } : {}),
      }),
    });
    if (response.status !== 200)
      this.journal.note(
        event.contact,
        `POST /leads/…/${answer} answered ${response.status}: ${brief(response)}`,
      );
  }

  /** POST /tasks/{id}/complete, as the rep's CRM would; the API's answer, briefly. */
  async completeTask(taskId: string, by: string): Promise<string | undefined> {
    const response = await this.api({
      method: "POST",
      path: `/tasks/${encodeURIComponent(taskId)}/complete`,
      headers: { "x-api-key": SCENARIO_API_KEY, "content-type": "application/json" },
      body: JSON.stringify({ by }),
    });
    return response.status === 200 ? undefined : `${response.status} ${brief(response)}`;
  }
}

function brief(response: HttpResponse): string {
  try {
    const body = JSON.parse(response.body) as { reason?: string; error?: string; results?: unknown };
    return body.reason ?? body.error ?? JSON.stringify(body.results ?? body).slice(0, 200);
  } catch {
    const visible = response.body.replace(/<head>[\s\S]*<\/head>/, "").replace(/<[^>]+>/g, " ");
    return visible.replace(/\s+/g, " ").trim().slice(0, 200);
  }
}

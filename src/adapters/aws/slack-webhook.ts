/**
 * SlackNotifier on Slack incoming webhooks: one URL per channel, looked up (from secrets) by the
 * channel name used in settings.slack. Errors never include the URL: it is a credential.
 */
import { TransientError } from "../../core/errors";
import type { SlackNotifier } from "../../core/ports";
import { PermanentSendError } from "./errors";

export interface SlackWebhookNotifierOptions {
  /** The incoming-webhook URL of a channel; undefined for a channel without one. */
  webhooks: (channel: string) => Promise<string | undefined>;
  fetch?: typeof fetch;
  /** Per-post timeout; 10 s by default. */
  timeoutMs?: number;
}

export const DEFAULT_SLACK_TIMEOUT_MS = 10_000;

/** How much of Slack's answer body an error message quotes (it is a short code like "no_service"). */
const BODY_EXCERPT = 200;

export class SlackWebhookNotifier implements SlackNotifier {
  private readonly webhooks: (channel: string) => Promise<string | undefined>;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: SlackWebhookNotifierOptions) {
    this.webhooks = options.webhooks;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SLACK_TIMEOUT_MS;
  }

  async post(channel: string, text: string): Promise<void> {
    const url = await this.webhooks(channel);
    if (!url) {
      throw new PermanentSendError(
        "UnknownSlackChannel",
        `no Slack webhook URL is configured for channel "${channel}"`,
      );
    }

    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      const transient = new TransientError(
        timedOut
          ? `Slack webhook for "${channel}" timed out after ${this.timeoutMs} ms`
          : `Slack webhook for "${channel}" failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      transient.cause = err;
      throw transient;
    }

    const body = await readBody(response);
    if (response.ok) return;
    const detail = `Slack webhook for "${channel}" answered HTTP ${response.status}${body ? `: ${body}` : ""}`;
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = response.headers.get("retry-after");
      throw new TransientError(retryAfter ? `${detail} (retry after ${retryAfter} s)` : detail);
    }
    throw new PermanentSendError(`slack_http_${response.status}`, detail);
  }
}

/**
 * The notifier of a function bound no Slack webhooks: every post is skipped and reported to
 * `onSkip` (a log line), never thrown. With webhooks configured, a channel without one is still
 * an error (SlackWebhookNotifier): that is a typo in settings, not a stage without Slack.
 */
export class SkippingSlackNotifier implements SlackNotifier {
  constructor(private readonly onSkip: (channel: string) => void) {}

  async post(channel: string, _text: string): Promise<void> {
    this.onSkip(channel);
  }
}

/** The start of the answer body; empty when it cannot be read (the timeout may hit here too). */
async function readBody(response: Response): Promise<string> {
  try {
    return (await response.text()).slice(0, BODY_EXCERPT).trim();
  } catch {
    return "";
  }
}

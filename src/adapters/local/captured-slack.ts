/** The local runtime's Slack: posts are kept in memory for the CLI and tests to read. */
import type { Clock, SlackNotifier } from "../../core/ports";

export interface CapturedSlackPost {
  channel: string;
  text: string;
  /** ISO time of the post, when a clock was given. */
  at?: string;
}

export interface CapturedSlackOptions {
  /** Stamps each post with `at` (the local runtime's virtual clock). */
  clock?: Clock;
}

export class CapturedSlack implements SlackNotifier {
  readonly posts: CapturedSlackPost[] = [];
  private readonly clock: Clock | undefined;

  constructor(options: CapturedSlackOptions = {}) {
    this.clock = options.clock;
  }

  async post(channel: string, text: string): Promise<void> {
    const post: CapturedSlackPost = { channel, text };
    if (this.clock) post.at = this.clock.now().toISOString();
    this.posts.push(post);
  }

  /** The posts to one channel, in order. */
  postsTo(channel: string): CapturedSlackPost[] {
    return this.posts.filter((p) => p.channel === channel);
  }

  clear(): void {
    this.posts.length = 0;
  }
}

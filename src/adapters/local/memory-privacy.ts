/** The raw-mail archive and the dead-letter queues in memory: the local runtime's, and the tests'. */
import type { DeadLetterQueues, DeadLetterScan, RawMailArchive } from "../../core/ports";

/** Raw inbound messages by SES message id, as the receipt rule would store them. */
export class MemoryRawMailArchive implements RawMailArchive {
  readonly messages = new Map<string, string>();

  async read(messageId: string, options: { firstBytes?: number } = {}): Promise<string | undefined> {
    const message = this.messages.get(messageId);
    return options.firstBytes === undefined || message === undefined
      ? message
      : Buffer.from(message).subarray(0, options.firstBytes).toString("utf8");
  }

  async delete(messageId: string): Promise<void> {
    this.messages.delete(messageId);
  }
}

/** Dead-letter queues by name, each a list of message bodies (always read to its end). */
export class MemoryDeadLetterQueues implements DeadLetterQueues {
  readonly queues = new Map<string, string[]>();

  constructor(names: readonly string[] = []) {
    for (const name of names) this.queues.set(name, []);
  }

  async scan(options: {
    matches: (body: string) => boolean;
    then: "delete" | "keep";
  }): Promise<DeadLetterScan[]> {
    return [...this.queues].map(([queue, bodies]) => {
      const matched = bodies.filter(options.matches);
      if (options.then === "delete")
        this.queues.set(
          queue,
          bodies.filter((body) => !matched.includes(body)),
        );
      return { queue, scanned: bodies.length, matched, complete: true };
    });
  }
}

import type { ContactStore, ContactView } from "../../src/core/ports";
import { aroundMethods } from "../../src/runtime/around-methods";
import { STORE_READS } from "../../src/runtime/meters";

/** What requests did to the store since the last reset: calls, writes and events read. */
export interface StoreCounts {
  calls: string[];
  writes: string[];
  /** Events returned by getContactView and listEvents, summed. */
  eventsRead: number;
}

/** `store`, counting what goes through it: to check how much a request touches, not how long it takes. */
export function countingStore(store: ContactStore): {
  store: ContactStore;
  counts: StoreCounts;
  reset(): void;
} {
  const counts: StoreCounts = { calls: [], writes: [], eventsRead: 0 };
  const counted = aroundMethods(store, async (name, _args, call) => {
    counts.calls.push(name);
    if (!STORE_READS.has(name)) counts.writes.push(name);
    const result = await call();
    if (name === "getContactView" && result) counts.eventsRead += (result as ContactView).events.length;
    if (name === "listEvents") counts.eventsRead += (result as unknown[]).length;
    return result;
  });
  return {
    store: counted,
    counts,
    reset() {
      counts.calls.length = 0;
      counts.writes.length = 0;
      counts.eventsRead = 0;
    },
  };
}

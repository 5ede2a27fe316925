import { MemoryContactStore } from "../../src/adapters/local/memory-store";
import { describeContactStore } from "./contact-store.contract";

/** Every value a store object holds, Maps and Sets included, as text. */
function dumpOf(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v instanceof Map) return [...v.entries()];
    if (v instanceof Set) return [...v.values()];
    return v;
  });
}

describeContactStore("MemoryContactStore", async () => {
  const store = new MemoryContactStore();
  return { store, close: async () => {}, dump: async () => dumpOf(store) };
});

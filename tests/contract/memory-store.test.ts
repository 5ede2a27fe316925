import { MemoryContactStore } from "../../src/adapters/local/memory-store";
import { describeContactStore } from "./contact-store.contract";

describeContactStore("MemoryContactStore", async () => ({
  store: new MemoryContactStore(),
  close: async () => {},
}));

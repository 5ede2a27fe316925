import type { ContactStore } from "../../src/core/ports";

/**
 * `store` with its method `name` replaced by what `wrap` makes of the original (bound to `store`):
 * a test's fault or race at one call, every other call untouched.
 */
export function hooked<K extends keyof ContactStore>(
  store: ContactStore,
  name: K,
  wrap: (original: ContactStore[K]) => ContactStore[K],
): ContactStore {
  const original = (store[name] as (...args: unknown[]) => unknown).bind(store) as ContactStore[K];
  const replaced = wrap(original);
  return new Proxy(store, {
    get: (target, key, receiver) => (key === name ? replaced : Reflect.get(target, key, receiver)),
  });
}

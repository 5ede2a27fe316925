/**
 * `target` with every method call going through `around`, which decides whether and how to make
 * the call (meters count it, fault injection may fail it first). Properties pass through.
 */
export function aroundMethods<T extends object>(
  target: T,
  around: (name: string, args: unknown[], call: () => Promise<unknown>) => Promise<unknown>,
): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      const name = String(property);
      return (...args: unknown[]) =>
        around(name, args, () => (value as (...a: unknown[]) => Promise<unknown>).apply(object, args));
    },
  });
}

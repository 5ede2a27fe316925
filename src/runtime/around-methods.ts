/**
 * `target` with every method call going through `around`, which decides whether and how to make
 * the call (meters count it, fault injection may fail it first). Properties pass through. The
 * wrapper of each method is made once (again only if the property comes to hold another function).
 */
export function aroundMethods<T extends object>(
  target: T,
  around: (name: string, args: unknown[], call: () => Promise<unknown>) => Promise<unknown>,
): T {
  const wrappers = new Map<
    PropertyKey,
    { method: unknown; wrapper: (...args: unknown[]) => Promise<unknown> }
  >();
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      const made = wrappers.get(property);
      if (made?.method === value) return made.wrapper;
      const name = String(property);
      const wrapper = (...args: unknown[]) =>
        around(name, args, () => (value as (...a: unknown[]) => Promise<unknown>).apply(object, args));
      wrappers.set(property, { method: value, wrapper });
      return wrapper;
    },
  });
}

/** A ContactStore class made of one part per concern. */
import type { ContactStore, ContactStoreParts } from "./index";

/**
 * A ContactStore class whose `new` builds the parts for its arguments and gives the instance every
 * part's port methods as its own properties, each still bound to its part: a proxy around the store
 * (meters, fault injection in tests) sees the methods of one object, as before the split.
 *
 * Invariant: a part's port methods are its own function-valued properties (arrow fields typed from
 * the port, `readonly getTask: TaskStore["getTask"] = async (id) => …`, which also types their
 * parameters), and its prototype holds nothing but its constructor (helpers are `#private`). A
 * part that breaks it, or two parts giving the same name, throws at construction.
 */
export function storeOfParts<Args extends unknown[]>(
  build: (...args: Args) => ContactStoreParts,
): new (
  ...args: Args
) => ContactStore {
  return class {
    constructor(...args: Args) {
      for (const part of Object.values(build(...args))) adoptMethods(this, part);
    }
  } as unknown as new (
    ...args: Args
  ) => ContactStore;
}

function adoptMethods(store: object, part: object): void {
  const name = part.constructor.name;
  const onPrototype = Object.getOwnPropertyNames(Object.getPrototypeOf(part)).filter(
    (n) => n !== "constructor",
  );
  if (onPrototype.length > 0)
    throw new Error(`store part ${name}: ${onPrototype.join(", ")} must be arrow fields or #private`);
  for (const [method, value] of Object.entries(part)) {
    if (typeof value !== "function") continue; // the part's state
    if (Object.hasOwn(store, method)) throw new Error(`store part ${name}: ${method} is given twice`);
    Object.assign(store, { [method]: value });
  }
}

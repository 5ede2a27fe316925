/** A ContactStore class made of one part per concern. */
import type { ContactStore, ContactStoreParts } from "./index";

type StoreClass<Args extends unknown[]> = new (...args: Args) => ContactStore;

/**
 * A ContactStore class whose `new` builds the parts for its arguments and gives the instance every
 * part's port methods as its own properties, each still bound to its part: a proxy around the store
 * (the meters, fault injection in tests) sees the methods of one object.
 *
 * Invariant: a part's port methods are its own function-valued properties (arrow fields typed from
 * the port, `readonly getTask: TaskStore["getTask"] = async (id) => …`, which also types their
 * parameters); its other own properties are its state (the table, the rows), left on the part; a
 * part class's prototype holds nothing but its constructor (helpers are `#private`). A part that
 * breaks this, or two parts giving the same name, throws at construction.
 */
export function storeOfParts<Args extends unknown[]>(
  build: (...args: Args) => ContactStoreParts,
): StoreClass<Args> {
  const composed = class {
    constructor(...args: Args) {
      for (const part of Object.values(build(...args))) adoptMethods(this, part);
    }
  };
  return composed as unknown as StoreClass<Args>;
}

function adoptMethods(store: object, part: object): void {
  const partName = part.constructor.name;
  const prototype = Object.getPrototypeOf(part);
  const onPrototype =
    prototype === Object.prototype
      ? []
      : Object.getOwnPropertyNames(prototype).filter((key) => key !== "constructor");
  if (onPrototype.length > 0)
    throw new Error(`store part ${partName}: ${onPrototype.join(", ")} must be arrow fields or #private`);
  for (const [key, value] of Object.entries(part)) {
    if (typeof value !== "function") continue;
    if (Object.hasOwn(store, key)) throw new Error(`store part ${partName}: ${key} is given twice`);
    Object.assign(store, { [key]: value });
  }
}

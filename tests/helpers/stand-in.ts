import { afterAll, beforeAll } from "vitest";

/**
 * An object that forwards every read, call and write to `current()`: what test files declare once
 * for something a hook makes later (a server, an engine, each test's fresh store). Use it in tests
 * and hooks, not while the tests are being declared.
 */
export function standIn<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get(_stand, key) {
      const target = current();
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
    set: (_stand, key, value) => Reflect.set(current(), key, value),
  });
}

/**
 * What `start` makes, shared by the tests of the calling file (or describe block): started before
 * the first, `stop`ped after the last.
 */
export function startedForTests<T extends object>(
  start: () => Promise<T>,
  stop: (started: T) => Promise<void>,
): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    if (started) await stop(started);
  });
  return standIn(() => {
    if (!started) throw new Error("read before its beforeAll started it");
    return started;
  });
}

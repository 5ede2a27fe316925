import type { Clock } from "../core/ports";

/**
 * The runtime's clock. It stands still while work runs and jumps when everything is waiting, so a
 * month of drips passes in seconds. Nothing in it is a Node timer: no 32-bit overflow for long waits.
 */
export class VirtualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
    if (Number.isNaN(this.current)) throw new RangeError(`not a time: ${String(start)}`);
  }

  now(): Date {
    return new Date(this.current);
  }

  millis(): number {
    return this.current;
  }

  /** Moves forward to `at` (never backward). */
  advanceTo(at: number): void {
    if (at > this.current) this.current = at;
  }
}

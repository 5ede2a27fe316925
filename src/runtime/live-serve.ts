/**
 * The local runtime served live (`npm start -- --serve`, src/cli/local-serve.ts): the virtual clock
 * follows the wall clock from where it stands, so pauses expire and scheduled actions (starts,
 * sweeps, SES's answers: src/runtime/ses-simulator.ts) happen while someone uses the served API;
 * and the emails sent from then on link to the served API, as HANDOFF_LINKS_BASE_URL makes a
 * stage's emails link to its own links domain (functions/environment.ts).
 */
import type { LocalRuntime } from "./local-runtime";

/** How often (wall time) the virtual clock catches up with the wall clock. */
export const LIVE_CLOCK_EVERY_MS = 200;

export interface LiveClockOptions {
  /** Sees what failed in a catch-up (a simulated action that threw); the clock goes on. */
  onError: (error: Error) => void;
  /** Wall time in ms, only ever compared with itself (default: performance.now). */
  wallMillis?: () => number;
  /** Default LIVE_CLOCK_EVERY_MS. */
  everyMs?: number;
}

export interface LiveClock {
  /** Stops catching up; resolves once a catch-up under way has ended. */
  stop(): Promise<void>;
}

/**
 * Runs `runtime` up to "where its clock stood + the wall time since" every `everyMs`. A catch-up
 * starts only after the previous one ended (never two at once), so a slow one delays the next.
 */
export function followWallClock(
  runtime: Pick<LocalRuntime, "clock" | "runUntil">,
  { onError, wallMillis = () => performance.now(), everyMs = LIVE_CLOCK_EVERY_MS }: LiveClockOptions,
): LiveClock {
  const virtualStart = runtime.clock.millis();
  const wallStart = wallMillis();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let catchingUp: Promise<void> = Promise.resolve();
  const next = () => {
    if (stopped) return;
    timer = setTimeout(catchUp, everyMs);
    timer.unref(); // the server keeps the process alive, not the clock
  };
  const catchUp = () => {
    catchingUp = runtime
      .runUntil(virtualStart + (wallMillis() - wallStart))
      .catch((error: Error) => onError(error))
      .finally(next);
  };
  next();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await catchingUp;
    },
  };
}

/**
 * Emails sent from now on link (click, unsubscribe, SLA links) to `baseUrl`; those already sent
 * keep their links. The catalog is replaced, not changed: a caller's compiled catalog
 * (RuntimeOptions.catalog) may be shared by other runtimes.
 */
export function linkEmailsTo(runtime: Pick<LocalRuntime, "deps">, baseUrl: string): void {
  const catalog = runtime.deps.catalog;
  const links = { ...catalog.settings.links, baseUrl };
  runtime.deps.catalog = { ...catalog, settings: { ...catalog.settings, links } };
}

/** What a failed catch-up says: each action that failed, one line each. */
export function describeClockFailure(error: Error): string {
  const failures = error instanceof AggregateError ? (error.errors as Error[]) : [error];
  return failures.map((failure) => `live clock: ${failure.name}: ${failure.message}`).join("\n");
}

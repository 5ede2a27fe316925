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
  /**
   * Catches up now (after a catch-up under way): the served API awaits it before each request, so
   * a request is handled at its own wall time, never at the instant of an earlier one (rules count
   * only events after an enrollment's start: src/core/engine/situation.ts).
   */
  caughtUp(): Promise<void>;
  /** Stops catching up; resolves once a catch-up under way has ended. */
  stop(): Promise<void>;
}

/**
 * Runs `runtime` up to "where its clock stood + the wall time since" every `everyMs`, and whenever
 * `caughtUp` is called. Catch-ups run one after the other (never two at once), so a slow one delays
 * the next.
 */
export function followWallClock(
  runtime: Pick<LocalRuntime, "clock" | "runUntil">,
  { onError, wallMillis = () => performance.now(), everyMs = LIVE_CLOCK_EVERY_MS }: LiveClockOptions,
): LiveClock {
  const virtualStart = runtime.clock.millis();
  const wallStart = wallMillis();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let latest: Promise<void> = Promise.resolve();
  const catchUp = (): Promise<void> => {
    latest = latest.then(() =>
      runtime.runUntil(virtualStart + (wallMillis() - wallStart)).catch((error: Error) => onError(error)),
    );
    return latest;
  };
  const tick = () => {
    if (stopped) return;
    timer = setTimeout(() => void catchUp().finally(tick), everyMs);
    timer.unref(); // the server keeps the process alive, not the clock
  };
  tick();
  return {
    caughtUp: () => (stopped ? latest : catchUp()),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await latest;
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

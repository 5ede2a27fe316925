// Section 5: a burst of sends at the stage's send rate. N contacts enrolled in trial-nurture (New
// York) whose welcome comes due at the same instant, on the local runtime (memory backend, the
// virtual clock: a send's second is the virtual second SES was called in), paced at 14 a second and,
// for comparison, unpaced. Two shapes of burst:
// - window: enrolled over the night, the welcome held to the 09:00 opening (each plan-hold reserves
//   its second when the contact enrolls);
// - instant: all enrolled at one instant inside the window (a list import): the welcome is paced
//   when it is sent, so all but the first 14 go through a hold.
// What pacing costs is the difference between the two runs of a shape, per email sent.
import { enroll, upsertContact } from "../src/core/engine/enroll-contact";
import { SES_DEFAULT_SEND_RATE } from "../src/core/engine/pacing";
import { LocalRuntime } from "../src/runtime/local-runtime";
import { costOf, PRICES } from "../src/runtime/prices";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Monday 2026-03-02, 09:00 in New York: trial-nurture's window (mon-fri 09:00-17:00) opens. */
const OPENING = Date.parse("2026-03-02T14:00:00Z");

export type BurstShape = "window" | "instant";

/** What one run used and how its sends spread over the seconds. */
export interface BurstRun {
  sends: number;
  failedEnrollments: number;
  /** Most emails handed to SES in one second. */
  maxPerSecond: number;
  /** From the instant the emails came due to the second of the last send, inclusive. */
  drainSeconds: number;
  /** Emails per second from the first send's second to the last's, inclusive. */
  meanPerSecond: number;
  stateTransitions: number;
  lambdaInvocations: number;
  dynamodbReadUnits: number;
  dynamodbWriteUnits: number;
  wallSeconds: number;
}

export interface BurstFigures {
  shape: BurstShape;
  contacts: number;
  perSecond: number;
  paced: BurstRun;
  unpaced: BurstRun;
  /** (paced - unpaced) / emails sent. */
  extraPerEmail: {
    stateTransitions: number;
    lambdaInvocations: number;
    dynamodbReadUnits: number;
    dynamodbWriteUnits: number;
  };
  /** What the extra use costs per 1,000 emails, in US dollars. */
  extraCostPer1000Emails: number;
}

async function runBurst(shape: BurstShape, contacts: number, rate: number | "unlimited"): Promise<BurstRun> {
  const due = shape === "window" ? OPENING : OPENING + HOUR;
  const start = shape === "window" ? OPENING - 9 * HOUR : due;
  const seconds: number[] = [];
  const wallStart = performance.now();
  const runtime: LocalRuntime = await LocalRuntime.start({
    start: new Date(start),
    backend: "memory",
    sendRate: rate === "unlimited" ? rate : { perSecond: rate },
    // Emails go out once the runtime runs (runUntil), never while it starts.
    onSend: () => seconds.push(Math.floor(runtime.clock.millis() / 1000)),
  });
  try {
    for (let i = 0; i < contacts; i++) {
      const id = `burst-${i}`;
      // window: over the 8 hours before the opening's last hour, on a one-minute grid (fewer
      // instants for the virtual clock to step through); instant: all at once.
      const at = shape === "window" ? start + Math.floor((i * 480) / contacts) * MINUTE : start;
      runtime.schedule(at, async () => {
        await upsertContact(runtime.deps, { id, email: `${id}@example.com`, timezone: "America/New_York" });
        const outcome = await enroll(runtime.deps, id, "trial-nurture");
        if (outcome.status !== "enrolled") throw new Error(`${id}: ${outcome.status}`);
      });
    }
    // Long enough to drain the burst, short of the next email (a day later).
    await runtime.runUntil(due + 4 * HOUR);
    const perSecond = new Map<number, number>();
    for (const second of seconds) perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    const first = Math.min(...seconds);
    const last = Math.max(...seconds);
    const executions = [...runtime.executions.values()];
    const failed = executions.filter((execution) => execution.status === "failed").length;
    return {
      sends: seconds.length,
      failedEnrollments: Math.max(
        failed,
        (await runtime.deps.store.listEnrollmentsByStatus("failed", { limit: 500 })).items.length,
      ),
      maxPerSecond: Math.max(...perSecond.values()),
      drainSeconds: last - Math.floor(due / 1000) + 1,
      meanPerSecond: seconds.length / (last - first + 1),
      stateTransitions: executions.reduce((sum, execution) => sum + execution.handle.transitions(), 0),
      lambdaInvocations: runtime.usage.lambdaInvocations,
      dynamodbReadUnits: runtime.usage.dynamodbReadUnits,
      dynamodbWriteUnits: runtime.usage.dynamodbWriteUnits,
      wallSeconds: (performance.now() - wallStart) / 1000,
    };
  } finally {
    await runtime.close();
  }
}

const KEYS = ["stateTransitions", "lambdaInvocations", "dynamodbReadUnits", "dynamodbWriteUnits"] as const;

/** Both shapes, each paced at SES's default rate and unpaced. */
export async function burstFigures(contacts: number, note: (what: string) => void): Promise<BurstFigures[]> {
  const out: BurstFigures[] = [];
  for (const shape of ["window", "instant"] as const) {
    note(`burst: ${contacts.toLocaleString("en-US")} welcomes due at once (${shape}), paced and unpaced`);
    const paced = await runBurst(shape, contacts, SES_DEFAULT_SEND_RATE);
    const unpaced = await runBurst(shape, contacts, "unlimited");
    const extra = Object.fromEntries(
      KEYS.map((key) => [key, (paced[key] - unpaced[key]) / Math.max(1, paced.sends)]),
    ) as BurstFigures["extraPerEmail"];
    const cost = costOf({
      ...extra,
      lambdaSeconds: extra.lambdaInvocations * PRICES.lambdaAverageSeconds,
      sesSends: 0,
    });
    out.push({
      shape,
      contacts,
      perSecond: SES_DEFAULT_SEND_RATE,
      paced,
      unpaced,
      extraPerEmail: extra,
      extraCostPer1000Emails: cost.total * 1000,
    });
  }
  return out;
}

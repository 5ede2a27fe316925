// A target's verdict: MET or NOT MET with the measured value, or NOT MEASURED with why. Shared by
// bench/targets.ts and bench/targets-issue17.ts.

export type Status = "MET" | "NOT MET" | "NOT MEASURED";

export interface Target {
  target: string;
  status: Status;
  measured: string;
}

export const met = (ok: boolean): Status => (ok ? "MET" : "NOT MET");

export const notMeasured = (target: string, why: string): Target => ({
  target,
  status: "NOT MEASURED",
  measured: why,
});

/**
 * Handoff's own CloudWatch metrics, written as Embedded Metric Format log lines (CloudWatch Logs
 * turns them into metrics; no API call, no extra permission). stacks/Alarms.ts alarms on them by
 * these same names.
 */
export const METRICS_NAMESPACE = "Handoff";
/** Sends uncertain for longer than the grace period (src/core/engine/uncertain-sends.ts). */
export const STALE_UNCERTAIN_SENDS = "StaleUncertainSends";
/** The one dimension: the stage's configuration set, so that stages in one account stay apart. */
export const CONFIGURATION_SET_DIMENSION = "ConfigurationSet";

/** One EMF line: `value` of the metric `name` (a count) under the configuration set `configurationSet`. */
export function emfLine(name: string, value: number, configurationSet: string, at: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [[CONFIGURATION_SET_DIMENSION]],
          Metrics: [{ Name: name, Unit: "Count" }],
        },
      ],
    },
    [CONFIGURATION_SET_DIMENSION]: configurationSet,
    [name]: value,
  });
}

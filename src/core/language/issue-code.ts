import type { $ZodRawIssue } from "zod/v4/core";

/**
 * Language schemas attach a stable violation code to their custom issues, so the validator can
 * report `invalid-duration` rather than a generic "invalid value".
 */
export function custom(ctx: { value: unknown; issues: $ZodRawIssue[] }, code: string, message: string): void {
  ctx.issues.push({ code: "custom", input: ctx.value, message, params: { code } });
}

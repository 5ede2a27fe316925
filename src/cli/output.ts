import type { Violation } from "../compiler/violation";

/**
 * Colour only when stdout is a terminal and NO_COLOR is unset or empty; FORCE_COLOR (set, not 0)
 * forces it, as in node's own tty colour rules.
 */
export function colorOn(
  stream: { isTTY?: boolean } = process.stdout,
  environment: Record<string, string | undefined> = process.env,
): boolean {
  const forced = environment.FORCE_COLOR;
  if (forced !== undefined && forced !== "" && forced !== "0") return true;
  return Boolean(stream.isTTY) && !environment.NO_COLOR;
}

const color = (code: number) => (text: string) => (colorOn() ? `\u001b[${code}m${text}\u001b[0m` : text);
export const red = color(31);
export const yellow = color(33);
export const green = color(32);
export const dim = color(2);
export const bold = color(1);

/** "workflows/x.json:12:7  error  unknown-step  message  (/steps/4/then)" lines and a summary. */
export function formatViolations(violations: readonly Violation[]): string {
  const lines = violations.map((v) => {
    const where = v.line ? `${v.file}:${v.line}:${v.column ?? 1}` : v.file;
    const severity = v.severity === "error" ? red("error") : yellow("warning");
    return `${bold(where)}  ${severity}  ${dim(v.code)}\n  ${v.message}${v.path ? dim(`  (at ${v.path})`) : ""}`;
  });
  const errors = violations.filter((v) => v.severity === "error").length;
  const warnings = violations.length - errors;
  const summary =
    errors === 0
      ? green(`✓ no errors${warnings ? `, ${warnings} warning${warnings === 1 ? "" : "s"}` : ""}`)
      : red(
          `✗ ${errors} error${errors === 1 ? "" : "s"}${warnings ? `, ${warnings} warning${warnings === 1 ? "" : "s"}` : ""}`,
        );
  return [...lines, summary].join("\n");
}

/**
 * The `--json` shape: the contract's fields (file, path, code, message, severity), then `line` and
 * `column` (1-based) when the finding has a place in the file.
 */
export function violationsJson(violations: readonly Violation[]): string {
  return JSON.stringify(
    {
      ok: !violations.some((v) => v.severity === "error"),
      violations: violations.map(({ file, path, code, message, severity, line, column }) => ({
        file,
        path,
        code,
        message,
        severity,
        ...(line !== undefined ? { line, column: column ?? 1 } : {}),
      })),
    },
    null,
    2,
  );
}

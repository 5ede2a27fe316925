/**
 * Drops the AWS SDK's "NodeVersionSupportWarning" (emitted once on Node < 22) and nothing else.
 * Import this before any SDK client is created; importing it twice wraps once.
 */
const MARK = Symbol.for("handoff.quietSdk");

type EmitWarning = typeof process.emitWarning;

function isSdkNodeVersionWarning(warning: unknown): boolean {
  const text = typeof warning === "string" ? warning : warning instanceof Error ? warning.message : "";
  return text.startsWith("NodeVersionSupportWarning");
}

const current = process.emitWarning as EmitWarning & { [MARK]?: true };
if (!current[MARK]) {
  const original = process.emitWarning.bind(process);
  const quiet = ((warning: string | Error, ...rest: unknown[]) => {
    if (isSdkNodeVersionWarning(warning)) return;
    (original as (warning: string | Error, ...rest: unknown[]) => void)(warning, ...rest);
  }) as EmitWarning & { [MARK]?: true };
  quiet[MARK] = true;
  process.emitWarning = quiet;
}

export {};

/** `--servers` and `--memory` (src/cli/program/local-commands.ts declares them). */
export interface BackendFlags {
  servers?: boolean;
  memory?: boolean;
}

/** The in-memory store and mailer unless --servers asks for dynalite and aws-ses-v2-local. */
export function backendOf(flags: BackendFlags): "memory" | "servers" {
  return flags.servers ? "servers" : "memory";
}

import type { Command } from "commander";

export interface ApiTarget {
  url: string;
  key: string;
}

/** The --api and --api-key options every command that talks to a deployed Handoff takes. */
export function apiOptions(command: Command): Command {
  return command
    .option("--api <url>", "Handoff API base URL (default: $HANDOFF_API_URL)")
    .option("--api-key <key>", "API key (default: $HANDOFF_API_KEY)");
}

/** The API to call, or undefined after telling the user what is missing (exit code 2). */
export function apiTarget(options: { api?: string; apiKey?: string }): ApiTarget | undefined {
  const url = options.api ?? process.env.HANDOFF_API_URL;
  const key = options.apiKey ?? process.env.HANDOFF_API_KEY;
  if (url && key) return { url: url.replace(/\/+$/, ""), key };
  process.stderr.write("give --api and --api-key (or set HANDOFF_API_URL and HANDOFF_API_KEY)\n");
  process.exitCode = 2;
  return undefined;
}

/** Calls the API with its key; the parsed JSON body, or an error with the API's reason. */
export async function callApi(
  target: ApiTarget,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: {
      "x-api-key": target.key,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${String(parsed.reason ?? "")}`);
  return parsed;
}

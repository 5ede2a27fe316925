import { apiTarget, commandCall } from "../api-target";
import { UsageError } from "../usage";

interface ConnectFlags {
  api?: string;
  apiKey?: string;
  publicUrl?: string;
}

/**
 * `handoff asana connect`: asks the deployed API (POST /integrations/asana/connect, an admin key)
 * to create the Asana webhook on settings.integrations.asana.project. The API calls Asana with the
 * token it is bound, Asana performs its handshake against the API during that call, and the API
 * keeps the webhook's secret (src/adapters/http/asana-routes.ts). The token never leaves the stage.
 */
export async function connect(flags: ConnectFlags): Promise<void> {
  const target = apiTarget(flags);
  const publicUrl = flags.publicUrl ?? target.url;
  if (!/^https?:\/\/[^\s/]+/.test(publicUrl))
    throw new UsageError(`--public-url must be an http(s) URL, not '${publicUrl}'`);
  const answer = await commandCall(target, "POST", "/integrations/asana/connect", { api: publicUrl });
  process.stdout.write(
    `Asana webhook ${String(answer.webhook)} created: Asana tells ${String(answer.target)} when a task is completed\n`,
  );
}

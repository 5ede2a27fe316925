import type { ContactDetail } from "../../core/reports/report-types";
import { apiTarget, readApi } from "../api-target";
import { formatContactDetail } from "../report-text-sales";

interface ContactFlags {
  json?: boolean;
  api?: string;
  apiKey?: string;
}

/** `handoff contact <id>`: the contact, its enrollments and its timeline, from the read API. */
export async function contact(id: string, flags: ContactFlags): Promise<void> {
  const answer = await readApi(apiTarget(flags), `/contacts/${encodeURIComponent(id)}`);
  process.stdout.write(
    `${flags.json ? JSON.stringify(answer, null, 2) : formatContactDetail(answer as unknown as ContactDetail)}\n`,
  );
}

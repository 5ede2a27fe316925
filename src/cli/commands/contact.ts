import type { Command } from "commander";
import type { ContactDetail } from "../../core/reports/report-types";
import { apiOptions, apiTarget, readApi } from "../api-target";
import { formatContactDetail } from "../report-text-sales";
import { reportingUsageErrors } from "../usage";

interface ContactFlags {
  json?: boolean;
  api?: string;
  apiKey?: string;
}

/** `handoff contact <id>`: the contact, its enrollments and its timeline, from the read API. */
export function registerContact(program: Command): void {
  apiOptions(
    program
      .command("contact")
      .description("show a contact: stage, score, owner, account, enrollments and timeline")
      .argument("<id>", "the contact's id")
      .option("--json", "print the API's answer as it is"),
  ).action(
    reportingUsageErrors("contact", async (id: string, flags: ContactFlags) => {
      const target = apiTarget(flags);
      if (!target) return;
      const answer = await readApi(target, `/contacts/${encodeURIComponent(id)}`);
      process.stdout.write(
        `${flags.json ? JSON.stringify(answer, null, 2) : formatContactDetail(answer as unknown as ContactDetail)}\n`,
      );
    }),
  );
}

import type { ContactInput } from "../core/language";
import { contactsFromCsv, type RowProblem } from "./contact-rows";
import { parseCsv } from "./csv";
import type { Progress } from "./progress";

/** Contacts per POST /enroll request (the API accepts up to 500). */
export const BATCH_SIZE = 500;

export interface EnrollApi {
  enroll(
    workflow: string,
    contacts: ContactInput[],
  ): Promise<Array<{ contactId: string; status: string; reason?: string }>>;
}

export interface CsvEnrollReport {
  rows: number;
  enrolled: number;
  alreadyActive: number;
  problems: RowProblem[];
}

/** An EnrollApi over the deployed (or local) HTTP API. */
export function httpEnrollApi(baseUrl: string, apiKey: string, fetchImpl: typeof fetch = fetch): EnrollApi {
  return {
    async enroll(workflow, contacts) {
      const response = await fetchImpl(`${baseUrl.replace(/\/+$/, "")}/enroll`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": apiKey },
        body: JSON.stringify({ workflow, contacts }),
      });
      const body = (await response.json().catch(() => ({}))) as {
        results?: Array<{ contactId: string; status: string; reason?: string }>;
        reason?: string;
      };
      if (!body.results)
        throw new Error(`POST /enroll answered ${response.status}: ${body.reason ?? "no results"}`);
      return body.results;
    },
  };
}

/**
 * Bulk enrollment from a CSV: bad rows are reported by line and left out, good rows are enrolled
 * in batches; a refused contact (already enrolled, suppressed) is reported by its line too.
 */
export async function enrollCsv(
  text: string,
  workflow: string,
  api: EnrollApi,
  bar?: (total: number) => Progress,
): Promise<CsvEnrollReport> {
  const parsed = parseCsv(text);
  const { contacts, problems } = contactsFromCsv(parsed.records);
  if (parsed.error) problems.push(parsed.error);
  const report: CsvEnrollReport = {
    rows: Math.max(0, parsed.records.length - 1),
    enrolled: 0,
    alreadyActive: 0,
    problems,
  };
  const progress = bar?.(contacts.length);
  for (let i = 0; i < contacts.length; i += BATCH_SIZE) {
    const batch = contacts.slice(i, i + BATCH_SIZE);
    const results = await api.enroll(
      workflow,
      batch.map((c) => c.contact),
    );
    results.forEach((result, j) => {
      if (result.status === "enrolled") report.enrolled++;
      else if (result.status === "already-active") report.alreadyActive++;
      else
        report.problems.push({
          line: batch[j]!.line,
          message: `${result.status}: ${result.reason ?? ""}`.trim(),
        });
    });
    progress?.update(Math.min(i + BATCH_SIZE, contacts.length));
  }
  report.problems.sort((a, b) => a.line - b.line);
  progress?.done(
    `${report.enrolled} enrolled, ${report.alreadyActive} already active, ${report.problems.length} not enrolled`,
  );
  return report;
}

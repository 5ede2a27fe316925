import { Liquid } from "liquidjs";
import { isMergeField, MERGE_FIELD_NAMES } from "../../core/merge-fields";
import { didYouMean } from "../suggest";
import { error, type Violation } from "../violation";

/** A Liquid engine with the same tags and filters as the renderer, used only to parse and analyse. */
const engine = new Liquid({ strictFilters: true, cache: false });
engine.registerFilter("track", (url: unknown) => url);

type Segment = string | number | { toString(): string };

function name(segments: readonly Segment[]): string {
  return segments
    .map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`))
    .join("");
}

export interface LiquidFinding {
  code: "liquid-syntax" | "unknown-merge-field";
  message: string;
  line?: number;
}

/** Syntax errors and merge fields outside the allowed names in one Liquid text. */
export function analyseLiquid(text: string): LiquidFinding[] {
  let analysis: ReturnType<Liquid["parseAndAnalyzeSync"]>;
  try {
    analysis = engine.parseAndAnalyzeSync(text);
  } catch (e) {
    const message = (e as Error).message.replace(/, line:\d+, col:\d+$/, "");
    const line = /line:(\d+)/.exec((e as Error).message)?.[1];
    return [{ code: "liquid-syntax", message, ...(line ? { line: Number(line) } : {}) }];
  }
  const findings: LiquidFinding[] = [];
  const reported = new Set<string>();
  for (const variables of Object.values(analysis.globals)) {
    for (const variable of variables) {
      const path = variable.segments.map((s) => (typeof s === "object" ? "?" : s));
      if (isMergeField(path)) continue;
      const field = name(path);
      if (reported.has(field)) continue;
      reported.add(field);
      findings.push({
        code: "unknown-merge-field",
        message: `{{ ${field} }} is not a merge field${didYouMean(field, MERGE_FIELD_NAMES)}`,
        line: variable.location.row,
      });
    }
  }
  return findings;
}

/** Findings in a Liquid string inside a workflow file (a subject, a message), as violations at `path`. */
export function checkLiquidString(file: string, path: string, what: string, text: string): Violation[] {
  return analyseLiquid(text).map((f) =>
    error(
      file,
      path,
      f.code,
      `${what}: ${f.message}${f.code === "unknown-merge-field" ? "; use contact.*, owner.*, campaign.id, campaign.name, settings.organization, settings.postalAddress or unsubscribeUrl" : ""}`,
    ),
  );
}

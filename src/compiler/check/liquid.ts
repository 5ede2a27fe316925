import { Liquid, type Template } from "liquidjs";
import { isMergeField, MERGE_FIELD_NAMES, MERGE_FIELDS } from "../../core/merge-fields";
import { closest, didYouMean } from "../suggest";
import { error, type Violation } from "../violation";

/** A Liquid engine with the same tags and filters as the renderer, used only to parse and analyse. */
const engine = new Liquid({ strictFilters: true, cache: false });
engine.registerFilter("track", (url: unknown) => url);

type Segment = string | number | { toString(): string };

/** Filters a template may use: Liquid's own and Handoff's `track`. */
const FILTERS = Object.keys((engine as unknown as { filters: Record<string, unknown> }).filters);

/** Names people write from other tools, and the merge field they mean. */
const ALIASES: Record<string, string> = {
  "contact.name": "contact.firstName",
  "contact.first_name": "contact.firstName",
  "contact.last_name": "contact.lastName",
  "contact.company_name": "contact.company",
  "user.email": "contact.email",
  unsubscribe_url: "unsubscribeUrl",
};

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

/** `track` needs a link tag (the `link` of the click event) in lowercase kebab-case. */
function trackFindings(text: string): LiquidFinding[] {
  const findings: LiquidFinding[] = [];
  for (const m of text.matchAll(/\|\s*track\b\s*(:\s*(['"])([^'"]*)\2)?/g)) {
    const tag = m[3];
    if (!m[1]) {
      findings.push({
        code: "liquid-syntax",
        message: "the track filter needs a link tag: {{ 'https://acme.example/pricing' | track: 'pricing' }}",
        line: lineOf(text, m.index),
      });
    } else if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(tag ?? "")) {
      findings.push({
        code: "liquid-syntax",
        message: `link tag '${tag}' should be lowercase letters, digits and hyphens, like 'pricing' or 'case-study'`,
        line: lineOf(text, m.index),
      });
    }
  }
  return findings;
}

/** A tracked link of a template: its tag, its URL when written as a literal, and its line. */
export interface TrackedLink {
  tag: string;
  url?: string;
  line: number;
}

/** The `{{ '…' | track: 'tag' }}` links of a Liquid text, in order (a URL from a merge field has none). */
export function trackedLinks(text: string): TrackedLink[] {
  const links: TrackedLink[] = [];
  for (const m of text.matchAll(
    /\{\{-?\s*(?:(['"])([^'"]*)\1|[^|}]*?)\s*\|\s*track\s*:\s*(['"])([^'"]*)\3/g,
  )) {
    const url = m[2]?.trim();
    links.push({ tag: m[4]!, ...(url !== undefined ? { url } : {}), line: lineOf(text, m.index) });
  }
  return links;
}

/** Merge tags from other tools (Mailchimp's *|FNAME|*, HubSpot's {{ contact.firstname }} is caught as a field). */
function foreignTags(text: string): LiquidFinding[] {
  return [...text.matchAll(/\*\|([A-Z_]+)\|\*/g)].map((m) => ({
    code: "unknown-merge-field" as const,
    message: `*|${m[1]}|* is a Mailchimp merge tag, which Handoff does not fill: write Liquid such as {{ contact.firstName }}`,
    line: lineOf(text, m.index),
  }));
}

function name(segments: readonly Segment[]): string {
  return segments
    .map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`))
    .join("");
}

const ROOTS =
  "contact.*, owner.*, campaign.id, campaign.name, settings.organization, settings.postalAddress or unsubscribeUrl";

/** What to write instead of an unknown merge field: an alias, a near name, or the fields its root has. */
function mergeFieldHint(field: string, path: ReadonlyArray<string | number>): string {
  if (Object.hasOwn(ALIASES, field)) return `; did you mean '${ALIASES[field]}'?`;
  const root = String(path[0]);
  const fields = Object.hasOwn(MERGE_FIELDS, root) ? MERGE_FIELDS[root] : undefined;
  if (fields === undefined) return didYouMean(field, MERGE_FIELD_NAMES) || `; use ${ROOTS}`;
  if (fields === "leaf") return `: ${root} has no fields; write {{ ${root} }}`;
  const own = fields.filter((f) => f !== "attributes");
  const near = typeof path[1] === "string" ? closest(path[1], own) : undefined;
  if (near) return `; did you mean '${root}.${near}'?`;
  const names = own.map((f) => `${root}.${f}`);
  const list = `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  const attribute =
    root === "contact"
      ? `; an attribute is contact.attributes.${typeof path[1] === "string" ? path[1] : "<name>"}`
      : "";
  return `: the ${root} fields are ${list}${attribute}`;
}

export interface LiquidFinding {
  code: "liquid-syntax" | "unknown-merge-field";
  message: string;
  line?: number;
}

/** The top-level nodes of a Liquid text, or undefined when it does not parse (analyseLiquid says why). */
export function parseLiquidTree(text: string): Template[] | undefined {
  try {
    return engine.parse(text);
  } catch {
    return undefined;
  }
}

/** Syntax errors and merge fields outside the allowed names in one Liquid text. */
export function analyseLiquid(text: string): LiquidFinding[] {
  let analysis: ReturnType<Liquid["parseAndAnalyzeSync"]>;
  try {
    analysis = engine.parseAndAnalyzeSync(text);
  } catch (e) {
    let message = (e as Error).message.replace(/, line:\d+, col:\d+$/, "");
    const filter = /^undefined filter: (\S+)/.exec(message)?.[1];
    if (filter) message = `there is no filter "${filter}"${didYouMean(filter, FILTERS)}`;
    const line = /line:(\d+)/.exec((e as Error).message)?.[1];
    return [{ code: "liquid-syntax", message, ...(line ? { line: Number(line) } : {}) }];
  }
  const findings: LiquidFinding[] = [...trackFindings(text), ...foreignTags(text)];
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
        message: `{{ ${field} }} is not a merge field${mergeFieldHint(field, path)}`,
        line: variable.location.row,
      });
    }
  }
  return findings;
}

/** Findings in a Liquid string inside a workflow file (a subject, a message), as violations at `path`. */
export function checkLiquidString(file: string, path: string, what: string, text: string): Violation[] {
  return analyseLiquid(text).map((f) => error(file, path, f.code, `${what}: ${f.message}`));
}

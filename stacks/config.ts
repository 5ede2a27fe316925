/**
 * What the stacks deploy, as data: the compiled machines (the same ASL text `handoff compile` prints
 * and the local runtime runs), the stage settings, names and the senders SES may send as. No
 * constructs here, so the stack tests can use it without synthesizing.
 */
import { aslText } from "../src/compiler/asl-text";
import { machineVersion } from "../src/compiler/catalog";
import { compileWorkspace } from "../src/compiler/pipeline";
import { sendersOf } from "../src/compiler/senders";
import { SES_DEFAULT_SEND_RATE } from "../src/core/engine/pacing";
import type { Settings } from "../src/core/language";
import { FUNCTIONS, type FunctionKey, placeholdersIn } from "../src/core/step-lambdas";
import { type StageLinks, stageLinks } from "./links";

export interface CompiledMachine {
  /** Workflow id: `trial-nurture`. */
  id: string;
  kind: "campaign" | "sequence";
  /** The workflow file, relative to the project root. */
  file: string;
  /** The canonical ASL text, with `${…FunctionArn}` placeholders. */
  asl: string;
  /** The functions the machine calls. */
  functions: FunctionKey[];
  /** The From of its emails, unrendered (src/compiler/senders.ts). */
  senders: string[];
  /** First 12 hex digits of the SHA-256 of the ASL text: what enrollments record as the version. */
  version: string;
}

export interface Workspace {
  settings: Settings;
  machines: CompiledMachine[];
}

const KEY_OF_PLACEHOLDER = new Map(
  Object.entries(FUNCTIONS).map(([key, name]) => [name as string, key as FunctionKey]),
);

/** Compiles ./workflows and ./templates; throws with the first violations when they have errors. */
export function compileMachines(root = process.cwd()): Workspace {
  const compilation = compileWorkspace({
    cwd: root,
    workflowsDir: "workflows",
    templatesDir: "templates",
    scope: "deployment",
  });
  const settings = compilation.workspace.settings[0]?.value;
  if (!compilation.ok || !settings) {
    const errors = compilation.violations.filter((v) => v.severity === "error");
    throw new Error(
      `cannot deploy: the workflows have ${errors.length} error(s); run npx handoff validate. ${errors
        .slice(0, 3)
        .map((v) => `${v.file}${v.path}: ${v.message}`)
        .join("; ")}`,
    );
  }
  const machines = compilation.machines.map((compiled) => {
    const { workflow, file, definition } = compiled;
    const asl = aslText(definition);
    const functions = placeholdersIn(asl).map((name) => {
      const key = KEY_OF_PLACEHOLDER.get(name);
      if (!key) throw new Error(`${file}: the compiled machine uses an unknown placeholder \${${name}}`);
      return key;
    });
    const version = machineVersion(compiled);
    const senders = sendersOf(workflow, settings);
    return { id: workflow.id, kind: workflow.kind, file, asl, functions, senders, version };
  });
  return { settings, machines };
}

// ---------------------------------------------------------------------------------------------
// Stage settings
// ---------------------------------------------------------------------------------------------

/** What a stage may set (stacks/stages.ts); everything else is derived from workflows/settings.json. */
export interface StageOverrides {
  /** Deletion protection and RETAIN on the table and the inbound bucket. Default: stage is "prod". */
  production?: boolean;
  /**
   * Create the SES domain identities (Easy DKIM) in this stack. Set false when the domains are
   * already verified in the account (an identity exists once per account and region). Default true.
   */
  manageIdentities?: boolean;
  /** More From addresses (ses:FromAddress patterns) beyond what the workflows use. */
  extraFromAddresses?: string[];
  /**
   * Where this stage's emails link to, when not settings.links.baseUrl: a test stage's own domain,
   * so its emails never link to production (https; the functions get it as HANDOFF_LINKS_BASE_URL).
   */
  linksBaseUrl?: string;
  /**
   * ACM certificate (same region) for the links domain (linksBaseUrl or settings.links.baseUrl): the
   * HTTP API then answers on it. Without it the API keeps its execute-api URL and no custom domain.
   */
  linksCertificateArn?: string;
  /**
   * Domain that receives replies (reply+token@domain), with an MX record to SES inbound; false
   * turns reply handling off. Default: `reply.<the domain of settings.defaultFrom>`.
   */
  replyDomain?: string | false;
  /** Where the alarms send email; no subscription when absent. */
  alarmEmail?: string;
  /** Days the inbound bucket keeps raw replies; default 90. */
  inboundRetentionDays?: number;
  /**
   * Days an engagement event is kept before DynamoDB's TTL deletes it; default 730. Keep it longer
   * than the longest `within` of a condition and the scoring's decay, which read past events.
   */
  eventRetentionDays?: number;
  /**
   * Browser origins that may call the API (`https://app.acme.example`, exact, no wildcard): CORS
   * answers them, and nobody else. Default none: no CORS headers at all.
   */
  corsOrigins?: string[];
  /**
   * API Gateway throttles, per route: the public link routes (/u, /r) and each keyed route have
   * their own, so a flood of one route cannot use up another's. Defaults: DEFAULT_API_THROTTLES.
   */
  apiThrottles?: Partial<ApiThrottles>;
  /**
   * Emails a second the functions hand to SES: the account's SES maximum send rate in this region
   * (SES console, or `aws sesv2 get-account`), shared by everything that sends from the account.
   * Whole emails a second, at least 1. Default 14, SES's rate for an account just out of the sandbox.
   */
  sendRatePerSecond?: number;
}

export interface Throttle {
  /** Requests per second, steady. */
  rate: number;
  /** Requests at once above the rate. */
  burst: number;
}

export interface ApiThrottles {
  /** Each of GET /u/{token}, POST /u/{token} (one-click unsubscribes) and GET /r/{token}. */
  public: Throttle;
  /** Each keyed route (POST /events, POST /enroll, …); every key also has its own rate in the app. */
  keyed: Throttle;
}

export const DEFAULT_API_THROTTLES: ApiThrottles = {
  public: { rate: 500, burst: 1000 },
  keyed: { rate: 100, burst: 200 },
};

export interface StageConfig {
  stage: string;
  production: boolean;
  manageIdentities: boolean;
  /** SES identities (domains and single addresses) the functions send as. */
  identities: string[];
  /** ses:FromAddress StringLike patterns: `*@mail.acme.example`, `ana@acme.example`. */
  fromAddresses: string[];
  links: StageLinks;
  replyDomain?: string;
  alarmEmail?: string;
  inboundRetentionDays: number;
  eventRetentionDays: number;
  corsOrigins: string[];
  apiThrottles: ApiThrottles;
  /** Emails a second the send pacer lets through (src/core/engine/pacing.ts). */
  sendRatePerSecond: number;
}

/** An origin as browsers send it: https, a host, an optional port; nothing else. */
const ORIGIN = /^https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;

function corsOrigins(origins: string[] = []): string[] {
  for (const origin of origins)
    if (!ORIGIN.test(origin))
      throw new Error(
        `corsOrigins: "${origin}" is not an origin; write it as the browser sends it, https://host[:port] (no path, no wildcard)`,
      );
  return [...origins];
}

/** The bare address of "Name <user@domain>" or "user@domain". */
export function bareAddress(from: string): string {
  const match = /<\s*([^<>\s]+)\s*>/.exec(from);
  return (match ? match[1]! : from).trim().toLowerCase();
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1);
}

/**
 * The senders SES may send as. A literal address allows its whole domain (`*@domain`); a sender
 * built from `{{ owner.* }}` allows exactly the owners' addresses; settings.defaultFrom is always
 * allowed (the send handler falls back to it when a sender renders to no address).
 */
export function senders(settings: Settings, machines: CompiledMachine[], extra: string[] = []) {
  const patterns = new Set<string>();
  const identities = new Set<string>();
  const allowDomainOf = (from: string) => {
    const domain = domainOf(bareAddress(from));
    patterns.add(`*@${domain}`);
    identities.add(domain);
  };
  allowDomainOf(settings.defaultFrom);
  for (const from of new Set(machines.flatMap((machine) => machine.senders))) {
    if (!from.includes("{{")) allowDomainOf(from);
    else if (/\{\{\s*owner\.email\s*\}\}/.test(from)) {
      for (const owner of settings.owners) {
        const address = owner.email.toLowerCase();
        patterns.add(address);
        identities.add(domainOf(address));
      }
    } else {
      throw new Error(
        `the sender "${from}" is built from merge fields other than owner.email: list the addresses it can ` +
          "render to in extraFromAddresses of the stage (stacks/stages.ts)",
      );
    }
  }
  for (const address of extra) {
    patterns.add(address.toLowerCase());
    identities.add(domainOf(address.toLowerCase()));
  }
  return { fromAddresses: [...patterns].sort(), identities: [...identities].sort() };
}

function sendRate(stage: string, rate: number | undefined): number {
  if (rate === undefined) return SES_DEFAULT_SEND_RATE;
  if (!Number.isInteger(rate) || rate < 1)
    throw new Error(
      `stage ${stage}: sendRatePerSecond is ${rate}; it takes whole emails a second, at least 1`,
    );
  return rate;
}

export function stageConfig(
  stage: string,
  settings: Settings,
  machines: CompiledMachine[],
  overrides: StageOverrides = {},
): StageConfig {
  const { fromAddresses, identities } = senders(settings, machines, overrides.extraFromAddresses);
  const replyDomain =
    overrides.replyDomain === false
      ? undefined
      : (overrides.replyDomain ?? `reply.${domainOf(bareAddress(settings.defaultFrom))}`);
  return {
    stage,
    production: overrides.production ?? stage === "prod",
    manageIdentities: overrides.manageIdentities ?? true,
    identities,
    fromAddresses,
    links: stageLinks(stage, settings, overrides),
    ...(replyDomain ? { replyDomain } : {}),
    ...(overrides.alarmEmail ? { alarmEmail: overrides.alarmEmail } : {}),
    inboundRetentionDays: overrides.inboundRetentionDays ?? 90,
    eventRetentionDays: overrides.eventRetentionDays ?? 730,
    corsOrigins: corsOrigins(overrides.corsOrigins),
    apiThrottles: { ...DEFAULT_API_THROTTLES, ...overrides.apiThrottles },
    sendRatePerSecond: sendRate(stage, overrides.sendRatePerSecond),
  };
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/** The alias every deploy moves to the newest version; executions start on it. */
export const LIVE_ALIAS = "live";

/**
 * The state machine's name: fixed, so functions can be given the alias ARNs without a reference
 * to the machine (the machine refers to the functions through definitionSubstitutions).
 * At most 80 characters.
 */
export function stateMachineName(app: string, stage: string, workflowId: string): string {
  const name = `${stage}-${app}-${workflowId}`;
  if (name.length > 80) throw new Error(`state machine name ${name} is longer than 80 characters`);
  return name;
}

/** PascalCase of a kebab-case id, for construct ids. */
export function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
}

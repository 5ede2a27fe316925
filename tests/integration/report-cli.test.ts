import { describe, expect, it } from "vitest";
import { serveApi } from "../../src/adapters/local/http-server.js";
import { duration } from "../../src/cli/report-text.js";
import { creditedKeys, creditText } from "../../src/core/reports/attribution-table.js";
import type {
  AccountsReport,
  AttributionReport,
  ContactDetail,
  ContactListItem,
  FunnelReport,
  SlaReport,
  StagesReport,
} from "../../src/core/reports/report-types.js";
import { handoffInBackground } from "../helpers/cli";
import { openSimulation } from "../helpers/open-simulation.js";
import { startedForTests } from "../helpers/stand-in.js";

const KEY = "viewer-key-for-the-cli-test";
const WORKFLOW = "trial-nurture";

/**
 * The read API as `npm start -- --serve` serves it: a simulated month (80 contacts, 21 days, on
 * the memory store) held open, its router on a loopback port, with a `viewer` key (what reports need).
 */
async function localApi() {
  const { runtime, close: finish } = await openSimulation({ contacts: 80, seed: 1, days: 21 });
  const served = await serveApi(
    runtime.http({ apiKeys: [{ name: "cli-test", key: KEY, scope: "viewer" }], signingSecrets: [] }),
  );
  /** What the API answers `path` (the CLI's --json must print exactly this). */
  const answer = async <T>(path: string): Promise<T> =>
    (await fetch(`${served.url}${path}`, { headers: { "x-api-key": KEY } })).json() as Promise<T>;
  const close = async () => {
    await served.close();
    await finish();
  };
  return { endpoint: served.url, answer, close };
}

/** `handoff <args>` as a child process (the local API keeps answering meanwhile). */
const handoff = handoffInBackground;

/** `part` of `whole` as the reports print it (one decimal). */
const percent = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "–");
/** `text` matched as it is inside a RegExp. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("handoff report and handoff contact against the local read API over a simulated month", () => {
  const api = startedForTests(localApi, (started) => started.close());
  const target = () => ["--api", api.endpoint, "--api-key", KEY];
  /** `handoff <args>` as text and with --json, both at once; each exits 0. */
  const printed = async <T>(args: string[]): Promise<{ text: string; json: T }> => {
    const [text, json] = await Promise.all([
      handoff([...args, ...target()]),
      handoff([...args, "--json", ...target()]),
    ]);
    for (const run of [text, json]) expect(run.code, run.stderr).toBe(0);
    return { text: text.stdout, json: JSON.parse(json.stdout) as T };
  };

  it("prints the funnel as totals, steps, rates and a daily chart; --json prints the answer as it is", async () => {
    const [text, json] = await Promise.all([
      handoff(["report", "funnel", "--workflow", WORKFLOW, ...target(), "--from", "2026-03-02"]),
      handoff(["report", "funnel", "--workflow", WORKFLOW, "--json", "--from", "2026-03-02"], {
        HANDOFF_API_URL: api.endpoint,
        HANDOFF_API_KEY: KEY,
      }),
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(json.code, json.stderr).toBe(0);
    const funnel = await api.answer<FunnelReport>(`/reports/funnel?workflow=${WORKFLOW}&from=2026-03-02`);
    expect(JSON.parse(json.stdout)).toEqual(funnel);
    // The engine counted the month: the period is the one asked for, and the counts are not all zero.
    expect([funnel.from, funnel.to]).toEqual(["2026-03-02", "2026-03-31"]);
    expect(funnel.enrolled).toBeGreaterThan(0);
    expect(funnel.handedOff).toBeGreaterThan(0);
    const first = funnel.steps[0]!;
    expect(first.sent).toBeGreaterThan(0);
    expect(text.stdout).toContain(`Funnel of ${WORKFLOW}, 2026-03-02 to 2026-03-31`);
    expect(text.stdout).toMatch(new RegExp(`enrolled +█+ +${funnel.enrolled} +100\\.0%`));
    expect(text.stdout).toMatch(
      new RegExp(
        `handed off +█*·* +${funnel.handedOff} +${literal(percent(funnel.handedOff, funnel.enrolled))}`,
      ),
    );
    const counts = [first.sent, first.delivered, first.opened, first.clicked, first.replied];
    expect(text.stdout).toMatch(new RegExp(`\\n  ${first.step} +${counts.join(" +")} `));
    const rates = [first.opened, first.clicked, first.replied].map((n) => literal(percent(n, first.sent)));
    expect(text.stdout).toMatch(new RegExp(`\\n  ${first.step} +${rates.join(" +")}\\n`));
    const busiest = [...funnel.daily].sort((a, b) => b.sent - a.sent)[0]!;
    expect(text.stdout).toMatch(
      new RegExp(`${busiest.date} █{24} +${busiest.sent} +${busiest.opened} +${busiest.clicked} `),
    );
  }, 240_000);

  it("prints stages and moves, the SLA with medians as durations, accounts and attribution, as the API answers them", async () => {
    const [stages, sla, accounts, attribution] = await Promise.all([
      printed<StagesReport>(["report", "stages"]),
      printed<SlaReport>(["report", "sla", "--to", "2026-03-22T12:00:00Z"]),
      printed<AccountsReport>(["report", "accounts", "--limit", "5"]),
      printed<AttributionReport>(["report", "attribution", "--by", "campaign"]),
    ]);
    expect(stages.json).toEqual(await api.answer<StagesReport>("/reports/stages"));
    expect(sla.json).toEqual(await api.answer<SlaReport>("/reports/sla?to=2026-03-22T12:00:00Z"));
    expect(accounts.json).toEqual(await api.answer<AccountsReport>("/reports/accounts?limit=5"));
    expect(attribution.json).toEqual(await api.answer<AttributionReport>("/reports/attribution?by=campaign"));

    const total = Object.values(stages.json.stages).reduce((sum, n) => sum + n, 0);
    expect(total).toBe(80);
    for (const [stage, n] of Object.entries(stages.json.stages))
      expect(stages.text).toMatch(new RegExp(`\\n  ${stage} +[█·]+ +${n} +${literal(percent(n, total))}`));
    for (const move of stages.json.moves)
      expect(stages.text).toMatch(new RegExp(`${move.from ?? "\\(new\\)"} → ${move.to} +${move.count}\\n`));

    expect(sla.json.to).toBe("2026-03-22");
    expect(sla.json.owners.some((owner) => owner.handoffs > 0)).toBe(true);
    for (const owner of sla.json.owners) {
      const rejected = Object.values(owner.rejected).reduce((sum, n) => sum + n, 0);
      const cells = [owner.handoffs, owner.accepted, percent(owner.accepted, owner.handoffs), rejected]
        .concat([owner.missed, duration(owner.medianToAccept), duration(owner.medianToFirstTouch)])
        .map((cell) => literal(String(cell)));
      expect(sla.text).toMatch(new RegExp(`\\n  ${owner.owner} +${cells.join(" +")}\\n`));
      for (const [reason, n] of Object.entries(owner.rejected))
        expect(sla.text).toMatch(new RegExp(`${owner.owner} +${literal(reason)} +${n}\\n`));
    }

    expect(accounts.json.accounts.length).toBe(5);
    for (const account of accounts.json.accounts) {
      const cells = [account.account, account.score, account.stage ?? "–", account.owner ?? "–"]
        .concat([account.contacts, account.engagedContacts])
        .map((cell) => literal(String(cell)));
      expect(accounts.text).toMatch(new RegExp(`\\n  ${cells.join(" +")}(\\n|$)`));
    }

    expect(attribution.json.by).toBe("campaign");
    expect(attribution.text).toContain(
      `Attribution by campaign, ${attribution.json.from} to ${attribution.json.to}`,
    );
    const credited = attribution.json;
    expect(attribution.text).toContain(
      `conversions ${credited.conversions}, revenue ${creditText(credited, credited.revenue)}`,
    );
    // Until the models credit the simulated deals (the attribution part) the table is not printed.
    const keys = creditedKeys(credited);
    if (keys.length === 0) expect(attribution.text).toContain("(no model has credits for this period)");
    else {
      expect(attribution.text).toMatch(
        new RegExp(`\n  campaign +${Object.keys(credited.models).join(" +")}\n`),
      );
      for (const key of keys) expect(attribution.text).toMatch(new RegExp(`\n  ${literal(key)} +`));
      expect(attribution.text).toMatch(/\n {2}total +/);
    }
  }, 240_000);

  it("shows a handed-off contact with its enrollments and timeline; --json prints the answer as it is", async () => {
    const owned = await api.answer<{ contacts: ContactListItem[] }>("/contacts?owner=rep-ana&limit=1");
    const id = owned.contacts[0]!.id;
    const shown = await printed<ContactDetail>(["contact", id]);
    const detail = await api.answer<ContactDetail>(`/contacts/${id}`);
    expect(shown.json).toEqual(detail);
    const { contact } = detail;
    expect(detail.owner).toBe("rep-ana");
    expect(detail.enrollments.some((e) => e.status === "handed-off")).toBe(true);
    const name = [contact.firstName, contact.lastName].filter(Boolean).join(" ");
    expect(shown.text).toContain(`${name} <${contact.email}>  ${id}`);
    expect(shown.text).toContain(`stage ${detail.stage}, score ${detail.score}, owner rep-ana`);
    for (const enrollment of detail.enrollments)
      expect(shown.text).toMatch(
        new RegExp(`${literal(enrollment.enrollmentId)} +${enrollment.workflow} +${enrollment.status} `),
      );
    const timeline = shown.text.slice(shown.text.indexOf("Timeline"));
    expect(timeline.trim().split("\n")).toHaveLength(detail.timeline.length + 1);
    const sent = detail.timeline.find((entry) => entry.kind === "email.sent")!;
    expect(timeline).toContain(
      `  ${sent.at}  email.sent       ${sent.text}  (${sent.workflow}/${sent.step})`,
    );
  }, 240_000);

  it("says in one line what is wrong, exit 2: usage mistakes, a refused key, the API's reason, no API", async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ["report", "fun", ...target()],
        /^handoff report: unknown report "fun"; there are funnel, stages, sla, accounts, attribution\n$/,
      ],
      [["report", "funnel", ...target()], /^handoff report: the funnel report needs --workflow <id>\n$/],
      [
        ["report", "stages", "--from", "March 2", ...target()],
        /^handoff report: --from takes a day \(2026-03-02\)/,
      ],
      [
        ["report", "stages", "--workflow", "x", ...target()],
        /^handoff report: the stages report takes no --workflow\n$/,
      ],
      [
        ["report", "attribution", "--by", "week", ...target()],
        /^handoff report: --by takes channel or campaign/,
      ],
      [["report", "accounts", "--limit", "0", ...target()], /^handoff report: --limit takes a whole number/],
      [
        ["report", "stages", "--api", api.endpoint, "--api-key", "wrong-key-0123456789"],
        /^handoff report: the API answered 401: the x-api-key is not a valid key\n$/,
      ],
      [
        ["report", "funnel", "--workflow", "nope", ...target()],
        /^handoff report: the API answered 400: no workflow 'nope': one of long-term-nurture, /,
      ],
      [["contact", "nobody", ...target()], /^handoff contact: the API answered 404: no contact 'nobody'\n$/],
      [
        ["report", "stages", "--api", "http://127.0.0.1:9", "--api-key", KEY],
        /^handoff report: cannot reach http:\/\/127\.0\.0\.1:9/,
      ],
      [["report", "stages"], /^handoff report: give --api and --api-key/],
    ];
    const runs = await Promise.all(cases.map(([args]) => handoff(args)));
    runs.forEach((run, i) => {
      const [args, expected] = cases[i]!;
      expect(run.stderr, args.join(" ")).toMatch(expected);
      expect(run.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
    });
  }, 240_000);
});

import { describe, expect, it } from "vitest";
import { causalOrder, type Line } from "../../src/runtime/scenario/causal-order";

const T = Date.parse("2026-03-05T15:00:00Z");
const stage = (from: string, to: string, by: string, reason: string): Line => ({
  at: T,
  kind: "stage",
  text: `stage ${from} → ${to}`,
  stage: { contactId: "c1", from, to, at: new Date(T).toISOString(), by, reason },
  ...(by.startsWith("handoff:") ? { workflowId: by.slice(8) } : {}),
});

/** A pricing click an hour after the email, handed off at once, the SDR intro in the same minute. */
const HANDOFF: Line[] = [
  {
    at: T - 3600_000,
    kind: "send",
    text: "sent drip/story",
    enrollmentId: "drip.1",
    workflowId: "drip",
    step: 2,
  },
  {
    at: T,
    kind: "event",
    text: "email.click",
    name: "email.click",
    enrollmentId: "drip.1",
    workflowId: "drip",
    step: 2,
  },
  stage("lead", "mql", "scoring", "score 45 after email.click"),
  stage("mql", "sql", "handoff:drip", "handed to sdr"),
  {
    at: T,
    kind: "ended",
    text: "drip.1 handed-off",
    enrollmentId: "drip.1",
    workflowId: "drip",
    status: "handed-off",
  },
  {
    at: T,
    kind: "enrolled",
    text: "enrolled in sdr",
    enrollmentId: "sdr.1",
    workflowId: "sdr",
    source: { enrollmentId: "drip.1", workflowId: "drip" },
  },
  { at: T, kind: "send", text: "sent sdr/intro", enrollmentId: "sdr.1", workflowId: "sdr", step: 0 },
  { at: T, kind: "note", text: "note: something else" },
];

describe("causal order of a timeline", () => {
  it("puts each line after its causes, whatever order the records came in", () => {
    const expected = [
      "sent drip/story",
      "note: something else",
      "email.click",
      "stage lead → mql",
      "stage mql → sql",
      "drip.1 handed-off",
      "enrolled in sdr",
      "sent sdr/intro",
    ];
    expect(causalOrder(HANDOFF).map((l) => l.text)).toEqual(expected);
    expect(causalOrder([...HANDOFF].reverse()).map((l) => l.text)).toEqual(expected);
  });

  it("breaks a cycle the records show instead of looping", () => {
    const a = stage("lead", "mql", "api", "set");
    const b = stage("mql", "lead", "api", "set");
    expect(causalOrder([a, b]).map((l) => l.text)).toEqual(["stage lead → mql", "stage mql → lead"]);
  });
});

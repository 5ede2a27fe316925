import { describe, expect, it } from "vitest";
import { parsePage, parsePeriod, unknownParameter } from "../../src/adapters/http/report-params";
import { apiRequest } from "../helpers/api-request";

const NOW = new Date("2026-03-03T15:00:00Z");
const withQuery = (query: Record<string, string>) => apiRequest("GET", "/reports/stages", { query });
const period = (query: Record<string, string>) => parsePeriod(withQuery(query), NOW);
const reason = (parsed: object) =>
  "response" in parsed ? JSON.parse((parsed.response as { body: string }).body).reason : undefined;

describe("the read API's periods", () => {
  it("default to the last 30 days ending today; one end alone gives the 30 days from or to it", () => {
    expect(period({})).toEqual({ value: { from: "2026-02-02", to: "2026-03-03" } });
    expect(period({ from: "2026-01-01" })).toEqual({ value: { from: "2026-01-01", to: "2026-01-30" } });
    expect(period({ to: "2026-01-30" })).toEqual({ value: { from: "2026-01-01", to: "2026-01-30" } });
  });

  it("take a day or an ISO time (its UTC day)", () => {
    expect(period({ from: "2026-03-01T23:30:00-05:00", to: "2026-03-03T00:00:00Z" })).toEqual({
      value: { from: "2026-03-02", to: "2026-03-03" },
    });
  });

  it("allow 366 days, no more, and never `to` before `from`", () => {
    expect(period({ from: "2025-03-03", to: "2026-03-03" })).toEqual({
      value: { from: "2025-03-03", to: "2026-03-03" },
    });
    expect(reason(period({ from: "2025-03-02", to: "2026-03-03" }))).toMatch(
      /367 days: a period is at most 366/,
    );
    expect(reason(period({ from: "2026-03-03", to: "2026-03-02" }))).toMatch(
      /^to \(2026-03-02\) is before from/,
    );
  });

  it("refuse what is not a date, naming the parameter", () => {
    for (const bad of ["2026-02-30", "03/02/2026", "tomorrow", "2026-3-2", ""])
      expect(reason(period({ from: bad })), bad).toMatch(/^from is a day/);
  });
});

describe("the read API's pages and parameters", () => {
  it("limit 1 to the maximum (25 by default), a cursor as the API gives them", () => {
    expect(parsePage(withQuery({}))).toEqual({ value: { limit: 25 } });
    expect(parsePage(withQuery({ limit: "100", cursor: "abc_-1" }))).toEqual({
      value: { limit: 100, cursor: "abc_-1" },
    });
    for (const limit of ["0", "101", "1.5", "1e2", " 5", "-1"])
      expect(reason(parsePage(withQuery({ limit }))), limit).toMatch(
        /^limit is a whole number from 1 to 100/,
      );
    expect(reason(parsePage(withQuery({ cursor: "a/b" })))).toMatch(/^cursor/);
  });

  it("a parameter the route does not take is refused by name", () => {
    expect(unknownParameter(withQuery({ from: "2026-03-01" }), ["from", "to"])).toBeUndefined();
    const refused = unknownParameter(withQuery({ form: "2026-03-01" }), ["from", "to"]);
    expect(JSON.parse(refused!.body)).toEqual({
      error: "invalid-request",
      reason: "unknown parameter 'form': it takes from, to",
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveApi } from "../../../src/adapters/local/http-server";
import { MemoryContactStore } from "../../../src/adapters/local/memory-store";
import { contactsFromCsv } from "../../../src/cli/contact-rows";
import { parseCsv } from "../../../src/cli/csv";
import { enrollCsv, httpEnrollApi } from "../../../src/cli/enroll-csv";
import { startEngine, type TestEngine } from "../../helpers/engine";

const KEY = "csv-api-key-0123456789";

describe("CSV parsing", () => {
  it("reads quotes, escaped quotes, line breaks in quotes, CRLF and a BOM, with line numbers", () => {
    const { records } = parseCsv(
      '\uFEFFid,email,company\r\n1,a@example.com,"Globex, Inc."\r\n2,b@example.com,"The ""Best"" Co"\n3,c@example.com,"two\nlines"\n\n4,d@example.com,x\n',
    );
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 7]);
    expect(records[1]!.fields[2]).toBe("Globex, Inc.");
    expect(records[2]!.fields[2]).toBe('The "Best" Co');
    expect(records[3]!.fields[2]).toBe("two\nlines");
  });

  it("reports bad rows by line and keeps the good ones", () => {
    const { records } = parseCsv(
      "id,email,first_name,plan\n1,a@example.com,Ana,pro\n2,not-an-email,Bo,free\n3,c@example.com\n1,d@example.com,Dup,x\n4,e@example.com,Eve,\n",
    );
    const { contacts, problems } = contactsFromCsv(records);
    expect(contacts.map((c) => c.contact.id)).toEqual(["1", "4"]);
    expect(contacts[0]!.contact).toMatchObject({ firstName: "Ana", attributes: { plan: "pro" } });
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5]);
  });
});

describe("handoff enroll --csv against the HTTP API", () => {
  let t: TestEngine;
  let api: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    t = await startEngine();
    // 10,000 contacts: the in-memory store keeps this test quick; the store contract tests prove it equals DynamoDB's.
    t.deps.store = new MemoryContactStore();
    api = await serveApi({
      engine: t.deps,
      auth: { apiKeys: [{ name: "crm", key: KEY, scope: "ingest" }], signingSecrets: [] },
    });
  });
  afterAll(async () => {
    await api.close();
    await t.close();
  });

  it("enrolls 10,000 rows in batches, reporting the bad ones by line", async () => {
    const lines = ["id,email,firstName,company,timezone"];
    for (let i = 0; i < 10_000; i++) {
      const bad = i % 1000 === 999;
      lines.push(`c${i},${bad ? "broken" : `c${i}@example.com`},Name${i},"Company ${i}, Ltd",Europe/Berlin`);
    }
    const updates: number[] = [];
    const report = await enrollCsv(lines.join("\n"), "trial-nurture", httpEnrollApi(api.url, KEY), () => ({
      update: (n) => updates.push(n),
      done: () => {},
    }));
    expect(report.rows).toBe(10_000);
    expect(report.enrolled).toBe(9_990);
    expect(report.problems.map((p) => p.line)).toEqual(Array.from({ length: 10 }, (_, k) => 1001 + k * 1000));
    expect(updates.at(-1)).toBe(9_990);
    expect(t.control.started.filter((s) => s.workflowId === "trial-nurture")).toHaveLength(9_990);
    const again = await enrollCsv(lines.slice(0, 3).join("\n"), "trial-nurture", httpEnrollApi(api.url, KEY));
    expect(again.alreadyActive).toBe(2);
  });
});

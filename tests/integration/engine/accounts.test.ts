import { describe, expect, it } from "vitest";
import { MemoryDeadLetterQueues, MemoryRawMailArchive } from "../../../src/adapters/local/memory-privacy";
import { FREE_MAIL_DOMAINS } from "../../../src/core/accounts";
import { refreshAccount } from "../../../src/core/engine/accounts";
import { upsertContact } from "../../../src/core/engine/enroll-contact";
import { assignOwner } from "../../../src/core/engine/handoff";
import { ingestEvent } from "../../../src/core/engine/ingest";
import { eraseContactData } from "../../../src/core/engine/privacy";
import type { Scalar } from "../../../src/core/language";
import { accountsReport } from "../../../src/core/reports/accounts";
import { engineForTests } from "../../helpers/engine";

const t = engineForTests();
/** A built-in free-mail domain, taken from the list at run time: the file writes no real address. */
const freeMail = FREE_MAIL_DOMAINS[0]!;
let eventCount = 0;

/** The contact's event `name`, now (the clock stands still, so no points decay). */
function engage(contactId: string, name: string, properties: Record<string, Scalar> = {}) {
  const event = { id: `ev-${++eventCount}`, contactId, name, at: t.clock.now().toISOString(), properties };
  return { event, ingested: ingestEvent(t.deps, event) };
}

const acme = async () => (await accountsReport(t.deps.store, { limit: 10 })).accounts;

describe("accounts", () => {
  it("sum the cached scores of a company's contacts; a free-mail contact has none", async () => {
    await upsertContact(t.deps, { id: "acc-ana", email: "ana@acme.example" });
    await upsertContact(t.deps, { id: "acc-raj", email: "Raj@ACME.example" });
    await upsertContact(t.deps, { id: "acc-li", email: "li@mail.acme.example", account: "Acme.Example" });
    await upsertContact(t.deps, { id: "acc-bo", email: `bo@${freeMail}` });
    await engage("acc-ana", "trial.started").ingested; // 15, lead
    await engage("acc-ana", "demo.requested").ingested; // 65, mql
    const pricing = engage("acc-raj", "page.view", { path: "/pricing" }); // 10: engaged
    await pricing.ingested;
    await engage("acc-li", "dashboard.created").ingested; // 5: not engaged
    await engage("acc-bo", "demo.requested").ingested;

    expect(await acme()).toEqual([
      { account: "acme.example", score: 80, stage: "mql", contacts: 3, engagedContacts: 2 },
    ]);
    expect(await t.deps.store.getContact("acc-ana")).toMatchObject({ account: "acme.example", score: 65 });
    const bo = await t.deps.store.getContact("acc-bo");
    expect(bo?.account).toBeUndefined();
    expect(bo?.score).toBe(50);

    // A redelivered event counts nothing twice.
    await ingestEvent(t.deps, pricing.event);
    expect((await acme())[0]).toMatchObject({ score: 80, contacts: 3, engagedContacts: 2 });
  });

  it("take the first owner any of their contacts got, and keep it", async () => {
    const raj = (await t.deps.store.getContact("acc-raj"))!;
    await assignOwner(t.deps, raj, "rep-raj");
    expect((await acme())[0]?.owner).toBe("rep-raj");
    const ana = (await t.deps.store.getContact("acc-ana"))!;
    await assignOwner(t.deps, ana, "rep-ana");
    expect((await acme())[0]?.owner).toBe("rep-raj");
  });

  it("follow a contact given another account, and lose an erased one", async () => {
    t.later(60);
    await upsertContact(t.deps, { id: "acc-li", email: "li@mail.acme.example", account: "Initech" });
    expect(await t.deps.store.getContact("acc-li")).toMatchObject({ account: "initech" });
    expect(await acme()).toEqual([
      { account: "acme.example", score: 75, stage: "mql", owner: "rep-raj", contacts: 2, engagedContacts: 2 },
      { account: "initech", score: 5, stage: "subscriber", contacts: 1, engagedContacts: 0 },
    ]);
    const ports = {
      rawMail: new MemoryRawMailArchive(),
      deadLetters: new MemoryDeadLetterQueues(["inbound"]),
    };
    await eraseContactData(t.deps, ports, "acc-li");
    expect((await acme()).map((a) => a.account)).toEqual(["acme.example"]);
    expect(await t.deps.store.getAccountMember("initech", "acc-li")).toBeUndefined();
  });

  it("count a change once when an attempt died after adding it to the row", async () => {
    const ana = (await t.deps.store.getContact("acc-ana"))!;
    const member = (await t.deps.store.getAccountMember("acme.example", "acc-ana"))!;
    const pending = { id: `acc-ana:${member.version + 1}`, share: { ...member.share!, hundredths: 9000 } };
    await t.deps.store.beginAccountChange({ ...member, version: member.version }, pending);
    const delta = { hundredths: 2500, contacts: 0, engagedContacts: 0, stages: {} };
    await t.deps.store.addToAccount("acme.example", { id: pending.id, delta });
    // The attempt died here; the retry finishes the change, then makes its own (back to 65).
    await refreshAccount(t.deps, ana);
    expect((await acme())[0]).toMatchObject({ account: "acme.example", score: 75, contacts: 2 });
    expect(await t.deps.store.getAccountMember("acme.example", "acc-ana")).toMatchObject({
      version: member.version + 2,
      share: { hundredths: 6500 },
    });
  });
});

/**
 * Account rows on the single table (docs/data-model.md, "Accounts"): partition `ACCT#<account>`
 * holds a `MEMBER#<contactId>` item per contact and the `ACCOUNT` row, whose GSI1 entry
 * (`ACCOUNTS`, the rank key) lists the rows highest score first. Single-item conditional writes
 * only: a change is added to the row under a `pending#<id>` attribute that refuses it a second
 * time until the member has settled it (src/core/contact-store/accounts.ts).
 */
import type { AccountRow } from "../../core/accounts";
import type { AccountMember, AccountStore, AccountSums } from "../../core/contact-store";
import { ENTITY, fromItem, type Item } from "../single-table/items";
import { ACCOUNTS_GSI_PK, accountKey, accountMemberKey, accountRank } from "../single-table/keys";
import { Expressions } from "./dynamodb-expressions";
import type { DynamoDbTable } from "./dynamodb-table";

/** Row attributes: contacts per stage key, and the ids of changes added but not yet settled. */
const STAGE_PREFIX = "stage#";
const PENDING_PREFIX = "pending#";
/** A change id as an attribute name (ids may hold dots, which expressions read as paths). */
const pendingName = (id: string) => `${PENDING_PREFIX}${Buffer.from(id, "utf8").toString("base64url")}`;

function rowOf(item: Item): AccountRow {
  const row: AccountRow = { account: "", hundredths: 0, contacts: 0, engagedContacts: 0, stages: {} };
  for (const [name, value] of Object.entries(fromItem<Record<string, unknown>>(item))) {
    if (name.startsWith(STAGE_PREFIX)) row.stages[name.slice(STAGE_PREFIX.length)] = Number(value);
    else if (!name.startsWith(PENDING_PREFIX)) Object.assign(row, { [name]: value });
  }
  return row;
}

export class DynamoDbAccounts implements AccountStore {
  constructor(private readonly table: DynamoDbTable) {}

  readonly getAccountMember: AccountStore["getAccountMember"] = async (account, contactId) =>
    this.table.getRecord<AccountMember>(accountMemberKey(account, contactId));

  readonly beginAccountChange: AccountStore["beginAccountChange"] = async (target, pending) => {
    const expr = new Expressions();
    const fields = { ...target, version: target.version + 1, pending, [ENTITY]: "account-member" };
    const update = expr.update(fields);
    const condition =
      target.version === 0
        ? expr.notExists("version")
        : `${expr.equals("version", target.version)} AND ${expr.notExists("pending")}`;
    const key = accountMemberKey(target.account, target.contactId);
    return (await this.table.update(key, { expr, update, condition })).ok;
  };

  readonly addToAccount: AccountStore["addToAccount"] = async (account, change) => {
    const expr = new Expressions();
    const { delta } = change;
    const adds: Array<[string, number]> = [
      ["hundredths", delta.hundredths],
      ["contacts", delta.contacts],
      ["engagedContacts", delta.engagedContacts],
      ...Object.entries(delta.stages).map(([stage, n]): [string, number] => [`${STAGE_PREFIX}${stage}`, n]),
    ];
    const sets = [
      `${expr.name("account")} = ${expr.value(account)}`,
      `${expr.name(ENTITY)} = ${expr.value("account")}`,
      `${expr.name(pendingName(change.id))} = ${expr.value(true)}`,
    ];
    if (change.owner !== undefined)
      sets.push(`${expr.name("owner")} = if_not_exists(${expr.name("owner")}, ${expr.value(change.owner)})`);
    const update = `SET ${sets.join(", ")} ADD ${adds.map(([name, n]) => `${expr.name(name)} ${expr.value(n)}`).join(", ")}`;
    const condition = expr.notExists(pendingName(change.id));
    const added = await this.table.update(accountKey(account), {
      expr,
      update,
      condition,
      returnNewValues: true,
    });
    // Added before (a retry): the sums as they stand.
    const now = added.attributes ?? (await this.table.get(accountKey(account))) ?? {};
    return { hundredths: Number(now.hundredths ?? 0), contacts: Number(now.contacts ?? 0) };
  };

  readonly settleAccountChange: AccountStore["settleAccountChange"] = async (account, contactId, settled) => {
    const { pending, sums } = settled;
    const expr = new Expressions();
    const condition = expr.equals("pending.id", pending.id);
    const key = accountMemberKey(account, contactId);
    if (pending.share) {
      const update = `${expr.update({ share: pending.share })} REMOVE ${expr.name("pending")}`;
      await this.table.update(key, { expr, update, condition });
    } else await this.table.delete(key, { expr, text: condition });
    if (!(await this.#forget(account, pending.id, sums)).ok) await this.#forget(account, pending.id);
  };

  readonly getAccount: AccountStore["getAccount"] = async (account) => {
    const item = await this.table.get(accountKey(account));
    return item && Number(item.contacts) > 0 ? rowOf(item) : undefined;
  };

  readonly topAccounts: AccountStore["topAccounts"] = async (limit) => {
    if (limit <= 0) return [];
    return (await this.table.query({ index: "GSI1", partition: ACCOUNTS_GSI_PK }, { limit })).map(rowOf);
  };

  /**
   * The row forgets a settled change and, given the sums it had after the change, takes its place
   * in the top accounts for them, if they are still its sums (none while it has no contacts).
   */
  #forget(account: string, changeId: string, sums?: AccountSums) {
    const expr = new Expressions();
    const removed = [pendingName(changeId)];
    let update = "";
    let condition = expr.exists("pk");
    if (sums) {
      if (sums.contacts > 0)
        update = `${expr.update({ gsi1pk: ACCOUNTS_GSI_PK, gsi1sk: accountRank(sums.hundredths, account) })} `;
      else removed.push("gsi1pk", "gsi1sk");
      condition += ` AND ${expr.equals("hundredths", sums.hundredths)} AND ${expr.equals("contacts", sums.contacts)}`;
    }
    update += `REMOVE ${removed.map((name) => expr.name(name)).join(", ")}`;
    return this.table.update(accountKey(account), { expr, update, condition });
  }
}

/**
 * Account rows on the single table (docs/data-model.md, "Accounts"): partition `ACCT#<account>`
 * holds a `MEMBER#<contactId>` item per contact and the `ACCOUNT` row, whose GSI1 entry
 * (`ACCOUNTS`, the rank key) lists the rows highest score first. Single-item conditional writes
 * only: members newer-wins by `at`, rows by revision (src/core/contact-store/accounts.ts).
 */
import type { AccountMember } from "../../core/accounts";
import type { AccountStore } from "../../core/contact-store";
import type { AccountSummary } from "../../core/reports/report-types";
import { ENTITY, fromItem, type Item } from "../single-table/items";
import {
  ACCOUNTS_GSI_PK,
  accountKey,
  accountMemberKey,
  accountPk,
  accountRank,
  MEMBER_PREFIX,
} from "../single-table/keys";
import { Expressions } from "./dynamodb-expressions";
import type { DynamoDbTable } from "./dynamodb-table";

type StoredRow = AccountSummary & { revision?: number };

/** The row as the port gives it: without the revision it was computed at. */
function summaryOf(item: Item): AccountSummary {
  const { revision: _revision, ...row } = fromItem<StoredRow>(item);
  return row;
}

export class DynamoDbAccounts implements AccountStore {
  constructor(private readonly table: DynamoDbTable) {}

  /**
   * One write while the owner stays (its `ownedSince` kept); when the owner changed, a second
   * write sets it with `ownedSince` now. A stored member with a later `at` is left alone.
   */
  readonly putAccountMember: AccountStore["putAccountMember"] = async (member) => {
    const { owner, ...fields } = member;
    const key = accountMemberKey(member.account, member.contactId);
    const write = (ownerClause: "keep" | "new" | "none") => {
      const expr = new Expressions();
      const sets = Object.entries({ ...fields, [ENTITY]: "account-member" }).map(
        ([name, value]) => `${expr.name(name)} = ${expr.value(value)}`,
      );
      const newer = `(${expr.notExists("at")} OR ${expr.name("at")} <= ${expr.value(member.at)})`;
      let condition = newer;
      let remove = "";
      if (ownerClause === "keep") condition += ` AND ${expr.equals("owner", owner)}`;
      if (ownerClause === "new") sets.push(`${expr.name("owner")} = ${expr.value(owner)}`);
      if (ownerClause === "new") sets.push(`${expr.name("ownedSince")} = ${expr.value(member.at)}`);
      if (ownerClause === "none") remove = ` REMOVE ${expr.name("owner")}, ${expr.name("ownedSince")}`;
      return this.table.update(key, { expr, update: `SET ${sets.join(", ")}${remove}`, condition });
    };
    if (owner === undefined) await write("none");
    else if (!(await write("keep")).ok) await write("new");
  };

  readonly removeAccountMember: AccountStore["removeAccountMember"] = async (account, contactId) => {
    await this.table.delete(accountMemberKey(account, contactId));
  };

  readonly accountMembers: AccountStore["accountMembers"] = async (account) =>
    this.table.queryRecords<AccountMember>({ partition: accountPk(account), prefix: MEMBER_PREFIX });

  /** A row of contacts is in the top-accounts index (GSI1 `ACCOUNTS`); one of none leaves it. */
  readonly putAccountRow: AccountStore["putAccountRow"] = async (row, revision) => {
    const expr = new Expressions();
    const { owner, stage, ...counts } = row;
    const fields: Record<string, unknown> = { ...counts, revision, [ENTITY]: "account" };
    const listed = row.contacts > 0;
    if (listed)
      Object.assign(fields, { gsi1pk: ACCOUNTS_GSI_PK, gsi1sk: accountRank(row.score, row.account) });
    const sets = Object.entries(fields).map(([name, value]) => `${expr.name(name)} = ${expr.value(value)}`);
    if (stage !== undefined) sets.push(`${expr.name("stage")} = ${expr.value(stage)}`);
    if (owner !== undefined)
      sets.push(`${expr.name("owner")} = if_not_exists(${expr.name("owner")}, ${expr.value(owner)})`);
    const removed = [...(stage === undefined ? ["stage"] : []), ...(listed ? [] : ["gsi1pk", "gsi1sk"])];
    const remove = removed.length > 0 ? ` REMOVE ${removed.map((name) => expr.name(name)).join(", ")}` : "";
    const condition = `${expr.notExists("revision")} OR ${expr.name("revision")} < ${expr.value(revision)}`;
    const update = `SET ${sets.join(", ")}${remove}`;
    return (await this.table.update(accountKey(row.account), { expr, update, condition })).ok;
  };

  readonly getAccount: AccountStore["getAccount"] = async (account) => {
    const item = await this.table.get(accountKey(account));
    return item && Number(item.contacts) > 0 ? summaryOf(item) : undefined;
  };

  readonly topAccounts: AccountStore["topAccounts"] = async (limit) => {
    if (limit <= 0) return [];
    const items = await this.table.query({ index: "GSI1", partition: ACCOUNTS_GSI_PK }, { limit });
    return items.map(summaryOf);
  };
}

/**
 * Keeps the account rows (src/core/contact-store/accounts.ts) following their contacts: when a
 * contact's cached score, stage, owner or account changes, the difference of its share is added to
 * its account's row, exactly once (marked on the member, added under the change's id, settled),
 * in a fixed number of requests whatever the size of the account.
 */
import {
  type AccountShare,
  accountOf,
  accountSummary,
  deltaBetween,
  engagedScore,
  sameShare,
  shareOf,
} from "../accounts";
import { mentionsAccount } from "../conditions";
import type { AccountMember, PendingShare } from "../contact-store/accounts";
import { TransientError } from "../errors";
import type { ContactInput, Workflow } from "../language";
import { workflowConditions } from "../language/workflow-conditions";
import type { Contact } from "../model";
import type { AccountSummary } from "../reports/report-types";
import type { Catalog, EngineDeps } from "./deps";

/** How often a change re-reads a member that changed meanwhile before giving up (and being retried). */
const CHANGE_ATTEMPTS = 10;

/** The row adds the pending change once, then the member settles it: both idempotent. */
async function finishChange(deps: EngineDeps, member: AccountMember, pending: PendingShare): Promise<void> {
  const delta = deltaBetween(member.share, pending.share);
  const owner = pending.share?.owner;
  const change = { id: pending.id, delta, ...(owner ? { owner } : {}) };
  const sums = await deps.store.addToAccount(member.account, change);
  await deps.store.settleAccountChange(member.account, member.contactId, { pending, sums });
}

/**
 * Makes the contact's share of `account` be `share` (absent: it leaves): finishes a change an
 * earlier attempt left pending, then marks, adds and settles its own (nothing when the share is
 * already that).
 */
async function setShare(
  deps: EngineDeps,
  target: { account: string; contactId: string },
  share: AccountShare | undefined,
  options: { known?: "new" } = {},
): Promise<void> {
  for (let attempt = 0; attempt < CHANGE_ATTEMPTS; attempt++) {
    // A contact just created has no member yet: its first attempt saves the read.
    const member =
      attempt === 0 && options.known === "new"
        ? undefined
        : await deps.store.getAccountMember(target.account, target.contactId);
    if (member?.pending) {
      await finishChange(deps, member, member.pending);
      continue;
    }
    if (sameShare(member?.share, share)) return;
    const version = member?.version ?? 0;
    const pending: PendingShare = { id: `${target.contactId}:${version + 1}`, ...(share ? { share } : {}) };
    if (!(await deps.store.beginAccountChange({ ...target, version }, pending))) continue;
    await finishChange(
      deps,
      { ...target, version: version + 1, ...(member?.share ? { share: member.share } : {}) },
      pending,
    );
    return;
  }
  throw new TransientError(`account ${target.account}: the contact ${target.contactId} kept changing`);
}

/**
 * Writes the contact's standing (cached score, stage, owner) into its account's row. `known:
 * "new"`: the contact was just created, so it has no member yet (a retry finds out otherwise).
 */
export async function refreshAccount(
  deps: EngineDeps,
  contact: Contact,
  options: { known?: "new" } = {},
): Promise<void> {
  if (!contact.account) return;
  const rules = { stages: deps.catalog.scoring.stages, engaged: engagedScore(deps.catalog.settings) };
  const target = { account: contact.account, contactId: contact.id };
  await setShare(deps, target, shareOf(contact, rules), options);
}

/** Takes the contact out of its account (it moved to another, or is being erased). */
export async function leaveAccount(deps: EngineDeps, contact: Contact): Promise<void> {
  if (!contact.account) return;
  await setShare(deps, { account: contact.account, contactId: contact.id }, undefined);
}

/**
 * After the rules computed the contact's score: the account first, then the profile's cached
 * score, so a retry after a crash between the two still sees the score as changed and writes
 * both. `moved`: the stage changed, or the trigger is a redelivery (its first delivery may have
 * died before the account was written).
 */
export async function recordStanding(
  deps: EngineDeps,
  contact: Contact,
  standing: { score: number; moved: boolean },
): Promise<void> {
  const changed = contact.score !== standing.score;
  if (!changed && !standing.moved) return;
  contact.score = standing.score;
  await refreshAccount(deps, contact);
  if (changed)
    await deps.store.updateContact(contact.id, { score: standing.score }, deps.clock.now().toISOString());
}

/**
 * An existing contact given again (/enroll, /events with `contact`) with an `account` other than
 * its own moves to that account: out of the old row, into the new, then the profile last, so a
 * retry after a crash still sees the move to make.
 */
export async function followAccountField(
  deps: EngineDeps,
  contact: Contact,
  input: ContactInput,
): Promise<void> {
  if (input.account === undefined) return;
  const account = accountOf(input, deps.catalog.settings);
  if (account === contact.account) return;
  await leaveAccount(deps, contact);
  contact.account = account;
  await refreshAccount(deps, contact);
  await deps.store.updateContact(contact.id, { account }, deps.clock.now().toISOString());
}

/** Per deployed set of workflows: whether any of their conditions reads the account. */
const READS_ACCOUNTS = new WeakMap<ReadonlyMap<string, Workflow>, boolean>();

/** True when some workflow's condition is an account condition (scoring.json may not have one). */
export function catalogReadsAccounts(catalog: Catalog): boolean {
  let reads = READS_ACCOUNTS.get(catalog.workflows);
  if (reads === undefined) {
    reads = [...catalog.workflows.values()].some((workflow) =>
      workflowConditions(workflow).some(({ condition }) => mentionsAccount(condition)),
    );
    READS_ACCOUNTS.set(catalog.workflows, reads);
  }
  return reads;
}

/**
 * The contact's account as its row stands, for the account conditions: read (one item) only when
 * the workflows have account conditions and the contact has an account; else undefined, and every
 * account condition is false.
 */
export async function accountForConditions(
  deps: EngineDeps,
  contact: Pick<Contact, "account">,
): Promise<AccountSummary | undefined> {
  if (!contact.account || !catalogReadsAccounts(deps.catalog)) return undefined;
  const row = await deps.store.getAccount(contact.account);
  return row ? accountSummary(row) : undefined;
}

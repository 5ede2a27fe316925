/**
 * Keeps the account rows (src/core/contact-store/accounts.ts) following their contacts: a contact's
 * member record is rewritten when its cached score, stage, owner or account changes, then the
 * account's row is recounted from its members. Every step is idempotent and writes absolute
 * values, so a retried use case counts nothing twice.
 */
import { accountOf, engagedScore, summarizeAccount } from "../accounts";
import type { ContactInput } from "../language";
import type { Contact } from "../model";
import type { EngineDeps } from "./deps";

/** The counter whose next value is an account row's revision (the row follows the newest). */
const revisionCounter = (account: string) => `account#${account}`;

/** Recounts the account's row from its members: take a revision, read them all, write unless newer. */
export async function recountAccount(deps: EngineDeps, account: string): Promise<void> {
  const revision = await deps.store.increment(revisionCounter(account));
  const members = await deps.store.accountMembers(account);
  const options = { stages: deps.catalog.scoring.stages, engaged: engagedScore(deps.catalog.settings) };
  await deps.store.putAccountRow(summarizeAccount(account, members, options), revision);
}

/** Writes the contact's standing (cached score, stage, owner) into its account and recounts it. */
export async function refreshAccount(deps: EngineDeps, contact: Contact): Promise<void> {
  if (!contact.account) return;
  await deps.store.putAccountMember({
    account: contact.account,
    contactId: contact.id,
    score: contact.score ?? 0,
    stage: contact.stage,
    ...(contact.owner !== undefined ? { owner: contact.owner } : {}),
    at: deps.clock.now().toISOString(),
  });
  await recountAccount(deps, contact.account);
}

/** Takes the contact out of its account (it moved to another, or is being erased) and recounts it. */
export async function leaveAccount(deps: EngineDeps, contact: Contact): Promise<void> {
  if (!contact.account) return;
  await deps.store.removeAccountMember(contact.account, contact.id);
  await recountAccount(deps, contact.account);
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

/**
 * The `erasure` check: every contact the run created (or may have: an enrollment whose answer was
 * lost) is erased with DELETE /contacts/{id}, after the other checks, also when they failed or were
 * interrupted. 404 counts as erased (never created, or erased already).
 */
import { apiReason } from "../api-target";
import type { SmokeApi } from "./api";
import { FIXES } from "./causes";
import type { SmokeContact } from "./plan";
import type { CheckResult } from "./result";

/** One contact's erasure: undefined when done, else why not. */
async function eraseOne(api: SmokeApi, id: string): Promise<string | undefined> {
  try {
    const answer = await api.erase(id);
    if (answer.status === 200 || answer.status === 404) return undefined;
    const reason = apiReason(answer.body);
    return `${id} (${answer.status}${reason ? `: ${reason}` : ""})`;
  } catch (error) {
    return `${id} (${(error as Error).message})`;
  }
}

export async function eraseSmokeContacts(
  api: SmokeApi,
  contacts: readonly SmokeContact[],
): Promise<{ result: CheckResult; erased: number }> {
  const started = performance.now();
  const ids = [...new Set(contacts.map((contact) => contact.id))];
  const failures = (await Promise.all(ids.map((id) => eraseOne(api, id)))).filter(
    (failure): failure is string => failure !== undefined,
  );
  const seconds = (performance.now() - started) / 1000;
  const erased = ids.length - failures.length;
  if (failures.length === 0)
    return {
      result: { id: "erasure", status: "pass", detail: `${erased} smoke contacts erased`, seconds },
      erased,
    };
  return {
    result: {
      id: "erasure",
      status: "fail",
      detail: `${failures.length} of ${ids.length} smoke contacts not erased: ${failures.join(", ")}`,
      fix: FIXES.erasure,
      seconds,
    },
    erased,
  };
}

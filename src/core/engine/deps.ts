import type { Campaign, Owner, Scoring, Sequence, Settings } from "../language";
import type { Clock, ContactStore, IdGenerator, Mailer, SlackNotifier, WorkflowControl } from "../ports";
import type { Renderer } from "../render";
import type { TokenKeys } from "../tokens";
import type { SendPacing } from "./pacing";

/** The deployed workflows, as the handlers know them: parsed files plus each machine's version. */
export interface Catalog {
  settings: Settings;
  scoring: Scoring;
  workflows: ReadonlyMap<string, Campaign | Sequence>;
  /** Version of a workflow's compiled machine (a hash of its ASL). */
  version(workflowId: string): string;
}

/** Everything a use case may touch, injected: only functions/ (and the local runtime) wire real clients. */
export interface EngineDeps {
  store: ContactStore;
  mailer: Mailer;
  control: WorkflowControl;
  slack: SlackNotifier;
  clock: Clock;
  ids: IdGenerator;
  catalog: Catalog;
  renderer: Renderer;
  tokens: TokenKeys;
  /** Domain of reply addresses (reply+<token>@domain); when absent, replies go to the sender. */
  replyDomain?: string;
  /** The stage's send rate (src/core/engine/pacing.ts); when absent, emails go out unpaced. */
  pacing?: SendPacing;
}

export function workflowOf(deps: EngineDeps, id: string): Campaign | Sequence {
  const workflow = deps.catalog.workflows.get(id);
  if (!workflow) throw new Error(`workflow '${id}' is not deployed`);
  return workflow;
}

/** The owner (from settings.owners) with this id; undefined for none or an id settings no longer lists. */
export function ownerOf(deps: EngineDeps, id: string | undefined): Owner | undefined {
  return id === undefined ? undefined : deps.catalog.settings.owners.find((o) => o.id === id);
}

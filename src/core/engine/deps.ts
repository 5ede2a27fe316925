import type { Catalog, LoadedCatalog } from "../catalog";
import type { TaskTracker } from "../integrations/task-tracker";
import type { WebhookOutbox } from "../integrations/webhooks";
import type { Campaign, Owner, Sequence } from "../language";
import type { Clock, ContactStore, IdGenerator, Mailer, SlackNotifier, WorkflowControl } from "../ports";
import { createRenderer, type Renderer } from "../render";
import type { TokenKeys } from "../tokens";
import type { SendPacing } from "./pacing";

export type { Catalog } from "../catalog";

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
  /** Where rep tasks are also created (settings.integrations.asana); absent: Handoff's inbox only. */
  taskTracker?: TaskTracker;
  /** Where webhook events go (settings.webhooks); absent: none are published. */
  webhooks?: WebhookOutbox;
}

/** What `engineDeps` assembles the engine from: the ports, and the catalog the renderer is made from. */
export interface EngineParts extends Omit<EngineDeps, "catalog" | "renderer" | "tokens"> {
  /** A loaded catalog.json (src/core/catalog.ts `loadCatalog`): its catalog and its templates. */
  catalog: LoadedCatalog;
  /** The link-signing keys, or how to read them: read at first use, so a function that never signs nor verifies a link never needs them. */
  tokens: TokenKeys | (() => TokenKeys);
}

/** The engine's dependencies, the one way they are assembled (functions/wiring.ts, the local runtime, the tests). */
export function engineDeps(parts: EngineParts): EngineDeps {
  const { catalog: loaded, tokens, ...ports } = parts;
  let keys: TokenKeys | undefined;
  return {
    ...ports,
    catalog: loaded.catalog,
    renderer: createRenderer({ templates: loaded.templates, settings: loaded.catalog.settings }),
    get tokens() {
      keys ??= typeof tokens === "function" ? tokens() : tokens;
      return keys;
    },
  };
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

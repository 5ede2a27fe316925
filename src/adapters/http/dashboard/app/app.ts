import { useEffect, useState } from "preact/hooks";
import type { WorkflowList } from "../../workflow-list";
import { forgetKey, onUnauthorized, storedKey, storeKey } from "./api";
import { useApi } from "./hooks";
import { html } from "./html";
import { pending } from "./ui";
import { AccountsView } from "./views/accounts";
import { AttributionView } from "./views/attribution";
import { ContactsView } from "./views/contacts";
import { FunnelView } from "./views/funnel";
import { InboxView } from "./views/inbox";
import { KeyPrompt } from "./views/key-prompt";
import { type Period, PeriodPicker } from "./views/period";
import { SlaView } from "./views/sla";
import { StagesView } from "./views/stages";

/** The views, by the fragment that opens each (#funnel …); `#contact/<id>` opens contacts on that timeline. */
const VIEWS = [
  ["funnel", "Funnel"],
  ["stages", "Stages"],
  ["attribution", "Attribution"],
  ["sla", "SLA"],
  ["accounts", "Accounts"],
  ["contacts", "Contacts"],
  ["inbox", "Inbox"],
] as const;
type View = (typeof VIEWS)[number][0];

function place(): { view: View; contactId?: string } {
  const fragment = location.hash.slice(1);
  if (fragment.startsWith("contact/"))
    return { view: "contacts", contactId: decodeURIComponent(fragment.slice(8)) };
  return { view: VIEWS.find(([name]) => name === fragment)?.[0] ?? "funnel" };
}

function usePlace() {
  const [where, setWhere] = useState(place);
  useEffect(() => {
    const follow = () => setWhere(place());
    addEventListener("hashchange", follow);
    return () => removeEventListener("hashchange", follow);
  }, []);
  return where;
}

function Current(props: { view: View; contactId?: string; catalog: WorkflowList; period: Period }) {
  const { catalog, period } = props;
  switch (props.view) {
    case "funnel":
      return html`<${FunnelView} catalog=${catalog} period=${period} />`;
    case "stages":
      return html`<${StagesView} period=${period} />`;
    case "attribution":
      return html`<${AttributionView} period=${period} />`;
    case "sla":
      return html`<${SlaView} period=${period} />`;
    case "accounts":
      return html`<${AccountsView} />`;
    case "contacts":
      return html`<${ContactsView} contactId=${props.contactId} />`;
    case "inbox":
      return html`<${InboxView} catalog=${catalog} />`;
  }
}

function Dashboard(props: { onForget: () => void }) {
  const where = usePlace();
  const [period, setPeriod] = useState<Period>({});
  const catalog = useApi<WorkflowList>("/workflows");
  return html`<header class="top">
      <h1>Handoff</h1>
      <${PeriodPicker} period=${period} onChange=${setPeriod} />
      <button type="button" class="secondary" id="forget-key" onClick=${props.onForget}>Forget the key</button>
    </header>
    <nav aria-label="Views">
      ${VIEWS.map(
        ([name, text]) =>
          html`<a href=${`#${name}`} aria-current=${where.view === name ? "page" : undefined}>${text}</a>`,
      )}
    </nav>
    <main id="view" data-view=${where.view}>
      ${pending(catalog) ?? html`<${Current} ...${where} catalog=${catalog.data} period=${period} />`}
    </main>`;
}

/** The key prompt until a key is given (or after the API refused it), then the dashboard. */
export function App() {
  const [key, setKey] = useState(storedKey);
  const [reason, setReason] = useState<string>();
  useEffect(
    () =>
      onUnauthorized((why) => {
        forgetKey();
        setKey(undefined);
        setReason(why);
      }),
    [],
  );
  const given = (value: string) => {
    storeKey(value);
    setReason(undefined);
    setKey(value);
  };
  const forget = () => {
    forgetKey();
    setKey(undefined);
  };
  return key
    ? html`<${Dashboard} key=${key} onForget=${forget} />`
    : html`<${KeyPrompt} reason=${reason} onKey=${given} />`;
}

import { useState } from "preact/hooks";
import { html } from "../html";

/** Asks for an API key (viewer, rep or admin); `reason` says why the last one was refused. */
export function KeyPrompt(props: { reason?: string; onKey: (key: string) => void }) {
  const [key, setKey] = useState("");
  const submit = (event: Event) => {
    event.preventDefault();
    if (key.trim()) props.onKey(key.trim());
  };
  return html`<main class="prompt">
    <h1>Handoff</h1>
    <form id="key-form" onSubmit=${submit}>
      <p>The dashboard reads the API with your key. It stays in this tab only.</p>
      ${props.reason ? html`<p class="error" role="alert" id="key-reason">${props.reason}</p>` : null}
      <label class="field" for="api-key">
        <span>API key</span>
        <input id="api-key" type="password" autocomplete="off" required value=${key}
          onInput=${(e: Event) => setKey((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">Open the dashboard</button>
    </form>
  </main>`;
}

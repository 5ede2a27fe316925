import { html } from "../html";

/** The reports' period: two days (`YYYY-MM-DD`), each absent for the API's default (the last 30 days). */
export interface Period {
  from?: string;
  to?: string;
}

/** Two labelled date inputs; a change is the new period. */
export function PeriodPicker(props: { period: Period; onChange: (period: Period) => void }) {
  const field = (name: keyof Period, text: string) => html`<label class="field" for=${`period-${name}`}>
    <span>${text}</span>
    <input id=${`period-${name}`} type="date" value=${props.period[name] ?? ""}
      onChange=${(e: Event) => props.onChange({ ...props.period, [name]: (e.target as HTMLInputElement).value || undefined })} />
  </label>`;
  return html`<fieldset class="period">
    <legend class="visually-hidden">Period (default: the last 30 days)</legend>
    ${field("from", "From")} ${field("to", "To")}
  </fieldset>`;
}

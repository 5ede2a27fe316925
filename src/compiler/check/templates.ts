import type { Workflow } from "../../core/language";
import type { ParsedFile } from "../parse/parse-file";
import { error, pointer, type Violation } from "../violation";
import type { TemplateFiles } from "../workspace";
import { footerWarnings } from "./footer";
import { analyseLiquid, checkLiquidString } from "./liquid";

/** Liquid syntax, merge fields and the unsubscribe/postal-address footer of one template's files. */
export function checkTemplate(template: TemplateFiles): Violation[] {
  const out: Violation[] = [];
  for (const part of [template.html, template.text]) {
    if (!part) continue;
    for (const f of analyseLiquid(part.text)) {
      const where = f.line ? ` (line ${f.line})` : "";
      out.push({
        ...error(part.file, "", f.code, `template '${template.id}'${where}: ${f.message}`),
        ...(f.line ? { line: f.line } : {}),
      });
    }
    out.push(...footerWarnings(template.id, part));
  }
  return out;
}

/** Liquid in the strings of a workflow file: subjects, preheaders, senders, messages, task titles. */
export function checkWorkflowStrings({ file, value }: ParsedFile<Workflow>): Violation[] {
  const out: Violation[] = [];
  const check = (path: Array<string | number>, what: string, text: string | undefined) => {
    if (text !== undefined) out.push(...checkLiquidString(file, pointer(path), what, text));
  };
  check(["from"], "the sender", value.from);
  if (value.kind === "campaign")
    check(["handoff", "notify", "message"], "the handoff message", value.handoff?.notify?.message);
  value.steps.forEach((step, i) => {
    const at = ["steps", i];
    const what = `step '${step.id}'`;
    switch (step.type) {
      case "email":
        check([...at, "subject"], `the subject of ${what}`, step.subject);
        check([...at, "preheader"], `the preheader of ${what}`, step.preheader);
        check([...at, "from"], `the sender of ${what}`, step.from);
        break;
      case "notify":
        check([...at, "message"], `the message of ${what}`, step.message);
        break;
      case "task":
        check([...at, "title"], `the title of ${what}`, step.title);
        check([...at, "notes"], `the notes of ${what}`, step.notes);
        check([...at, "notify", "message"], `the Slack message of ${what}`, step.notify?.message);
        break;
    }
  });
  return out;
}

import type { Workflow } from "../../core/language";
import type { TemplateFiles } from "../../core/render/template-files";
import type { ParsedFile } from "../parse/parse-file";
import { error, pointer, type Violation } from "../violation";
import { footerWarnings } from "./footer";
import { analyseLiquid, checkLiquidString, trackedLinks } from "./liquid";

/**
 * One tag, one URL: a click is redirected by its tag to the first URL tracked under it (the HTML
 * part is rendered before the text part), so a second URL under the same tag could never be reached.
 */
function duplicateTags(template: TemplateFiles): Violation[] {
  const out: Violation[] = [];
  const first = new Map<string, { url: string; file: string; line: number }>();
  for (const part of [template.html, template.text]) {
    if (!part) continue;
    for (const link of trackedLinks(part.text)) {
      if (link.url === undefined) continue;
      const earlier = first.get(link.tag);
      if (!earlier) first.set(link.tag, { url: link.url, file: part.file, line: link.line });
      else if (earlier.url !== link.url) {
        const where =
          earlier.file === part.file ? `line ${earlier.line}` : `${earlier.file}, line ${earlier.line}`;
        out.push({
          ...error(
            part.file,
            "",
            "duplicate-link-tag",
            `template '${template.id}' (line ${link.line}): the link tag '${link.tag}' already tracks ${earlier.url} (${where}), so a click on ${link.url} would land there too: give this link its own tag`,
          ),
          line: link.line,
        });
      }
    }
  }
  return out;
}

/** Liquid syntax, merge fields, tracked links and the unsubscribe/postal-address footer of one template's files. */
export function checkTemplate(template: TemplateFiles): Violation[] {
  const out: Violation[] = duplicateTags(template);
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

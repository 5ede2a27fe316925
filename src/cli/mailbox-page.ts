/**
 * The mailbox page `npm start -- --serve` shows of an in-memory run: the sample emails
 * (src/cli/mailbox-files.ts) as a list at /mailbox/, each whole at /mailbox/<n>.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { escapeHtml } from "../core/render/preheader";
import type { SampleEmail } from "./mailbox-files";

function listPage(sample: readonly SampleEmail[]): string {
  const rows = sample.map(
    (email, i) =>
      `<tr><td>${i + 1}</td><td>${escapeHtml(email.to)}</td><td><a href="/mailbox/${i + 1}">${escapeHtml(email.subject)}</a></td><td>${escapeHtml(email.from)}</td></tr>`,
  );
  return `<!doctype html><meta charset="utf-8"><title>Handoff mailbox</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}td,th{padding:.2rem .8rem;text-align:left}</style>
<h1>The first ${sample.length} emails of the simulation</h1>
<table><tr><th>#</th><th>to</th><th>subject</th><th>from</th></tr>${rows.join("")}</table>`;
}

/** Answers /mailbox/ and /mailbox/<n>; false for any other path (the caller answers it). */
export function answerMailbox(
  sample: readonly SampleEmail[],
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const path = (req.url ?? "/").split("?")[0]!;
  if (path === "/mailbox" || path === "/mailbox/") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(listPage(sample));
    return true;
  }
  const match = /^\/mailbox\/(\d{1,4})$/.exec(path);
  if (!match) return false;
  const email = sample[Number(match[1]) - 1];
  if (email) res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(email.html);
  else res.writeHead(404, { "content-type": "text/plain" }).end(`no email ${match[1]} in the sample\n`);
  return true;
}

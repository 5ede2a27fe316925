import type { HttpRequest } from "./types";

/**
 * The fields of a form body: `multipart/form-data` (RFC 7578) or, for any other type,
 * `application/x-www-form-urlencoded`. A part without a name, or a body that is not a form, gives
 * no fields (never an error): the caller decides what a missing field means.
 */
export function formFields(request: HttpRequest): Map<string, string> {
  const type = request.headers["content-type"] ?? "";
  if (/^multipart\/form-data\b/i.test(type)) return multipartFields(request.body, boundaryOf(type));
  return new Map(new URLSearchParams(request.body));
}

function boundaryOf(type: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^";\s]{1,70}))/i.exec(type);
  return match?.[1] ?? match?.[2];
}

/** Each part is `--boundary CRLF headers CRLF CRLF value CRLF`; the last boundary ends in `--`. */
function multipartFields(body: string, boundary: string | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  if (!boundary) return fields;
  const parts = body.split(`--${boundary}`).slice(1);
  for (const part of parts) {
    if (part.startsWith("--")) break;
    const text = part.replace(/^\r?\n/, "");
    const split = /\r?\n\r?\n/.exec(text);
    if (!split) continue;
    const headers = text.slice(0, split.index);
    const disposition = headers
      .split(/\r?\n/)
      .find((line) => /^content-disposition:\s*form-data\s*;/i.test(line));
    const name = disposition && /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined || fields.has(name)) continue;
    fields.set(name, text.slice(split.index + split[0].length).replace(/\r?\n$/, ""));
  }
  return fields;
}

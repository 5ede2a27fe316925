import type { z } from "zod";
import { type HttpRequest, type HttpResponse, problem } from "./types";

/** Parses a JSON body against a schema; a 4xx response with the reason when it does not fit. */
export function parseBody<T>(
  request: HttpRequest,
  schema: z.ZodType<T>,
  maxBytes: number,
): { value: T } | { response: HttpResponse } {
  if (Buffer.byteLength(request.body, "utf8") > maxBytes) {
    return {
      response: problem(
        413,
        "too-large",
        `the body is larger than ${Math.round(maxBytes / 1024)} KB; send smaller batches`,
      ),
    };
  }
  const type = request.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type))
    return { response: problem(415, "unsupported-media-type", "send Content-Type: application/json") };
  let raw: unknown;
  try {
    raw = JSON.parse(request.body);
  } catch (e) {
    return {
      response: problem(
        400,
        "invalid-json",
        `the body is not valid JSON: ${(e as Error).message.slice(0, 200)}`,
      ),
    };
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const first = result.error.issues[0]!;
    const where = first.path.length ? first.path.join(".") : "body";
    return { response: problem(400, "invalid-request", `${where}: ${first.message}`) };
  }
  return { value: result.data };
}

import type { IncomingHttpHeaders } from "node:http";
import { type LocalServer, listenLocally } from "./stub-server";

// A recording stand-in that answers like SES v2 (REST-JSON, POST /v2/email/outbound-emails) for
// what neither AWS (unreachable here) nor the local server can do: show the request as sent (the
// local server keeps no EmailTags or configuration set), fail on demand, or never answer.

export interface RecordedSesRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** An HTTP answer, or "hang": read the request and never answer. */
export type SesStubAnswer = { status: number; errorType?: string; body: Record<string, unknown> } | "hang";

export interface SesStub extends LocalServer {
  requests: RecordedSesRequest[];
  /** What the stub answers the next requests with (tests change it). */
  answer: SesStubAnswer;
  /** Forgets the requests and answers SES_OK again. */
  reset(): void;
}

export const SES_OK: SesStubAnswer = { status: 200, body: { MessageId: "stub-1" } };

export async function startSesStub(): Promise<SesStub> {
  const requests: RecordedSesRequest[] = [];
  const server = await listenLocally((req, text, res) => {
    requests.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: JSON.parse(text || "{}"),
    });
    const answer = stub.answer;
    if (answer === "hang") return;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (answer.errorType) headers["x-amzn-errortype"] = answer.errorType;
    res.writeHead(answer.status, headers).end(JSON.stringify(answer.body));
  });
  const stub: SesStub = {
    ...server,
    requests,
    answer: SES_OK,
    reset() {
      requests.length = 0;
      stub.answer = SES_OK;
    },
  };
  return stub;
}

/** `mail.tags` of an SES event about the email of `request`: its EmailTags as SES got them, and the configuration set. */
export function eventTagsOf(request: RecordedSesRequest): Record<string, string[]> {
  const tags: Record<string, string[]> = {
    "ses:configuration-set": [String(request.body.ConfigurationSetName)],
  };
  for (const tag of (request.body.EmailTags ?? []) as Array<{ Name: string; Value: string }>)
    tags[tag.Name] = [tag.Value];
  return tags;
}

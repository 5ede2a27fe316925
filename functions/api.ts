// The HTTP API (API Gateway HTTP API, payload format 2.0): the routes of stacks/Api.ts (docs/http-api.md).
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { route } from "../src/adapters/http/router";
import { privacyPorts } from "./raw-mail";
import { apiSettings, wire } from "./wiring";

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const body = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, "base64").toString("utf8")
      : event.body
    : "";
  const response = await route(
    { engine: wire(), ...apiSettings(), privacy: privacyPorts() },
    {
      method: event.requestContext.http.method,
      path: event.rawPath,
      headers,
      query: event.queryStringParameters ?? {},
      body,
    },
  );
  return { statusCode: response.status, headers: response.headers, body: response.body };
}

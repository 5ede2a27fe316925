/**
 * AWS Signature Version 4 for one request: what the calls Handoff makes without an SDK client need
 * (SSM GetParameters in stacks/runtime/ssm-parameters.ts, S3 GetObject and DeleteObject in
 * src/adapters/aws/s3-raw-mail.ts), so the bundles carry no SDK for them (docs/deploy.md).
 * Invariants: the URL's path is already URI-encoded once and is signed as it is (S3's rule; SSM's
 * path is "/"); the query is signed sorted by name; every header given is signed.
 */
import { createHash, createHmac } from "node:crypto";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Set for a role's temporary credentials (a Lambda function's always are). */
  sessionToken?: string;
}

export interface SigningScope {
  credentials: AwsCredentials;
  region: string;
  /** The signing name: `ssm`, `s3`. */
  service: string;
  at: Date;
}

export interface SignableRequest {
  method: string;
  url: URL;
  /** Lower-case names; host, x-amz-date and x-amz-security-token are added. */
  headers: Record<string, string>;
  /** The hex SHA-256 of the body (`sha256Hex(body)`; S3 also wants it as x-amz-content-sha256). */
  payloadHash: string;
}

export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const hmac = (key: Buffer | string, text: string) => createHmac("sha256", key).update(text, "utf8").digest();

/** RFC 3986 encoding, as SigV4 wants it: encodeURIComponent leaves !'()* alone, AWS does not. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `20261206T062400Z`: the x-amz-date form of `at`. */
export function amzDate(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function canonicalQuery(url: URL): string {
  return [...url.searchParams]
    .map(([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`)
    .sort()
    .join("&");
}

/** The request's headers, signed: the given ones plus host, x-amz-date, the session token and Authorization. */
export function signRequest(request: SignableRequest, scope: SigningScope): Record<string, string> {
  const { credentials, region, service, at } = scope;
  const date = amzDate(at);
  const headers: Record<string, string> = {
    ...request.headers,
    host: request.url.host,
    "x-amz-date": date,
    ...(credentials.sessionToken ? { "x-amz-security-token": credentials.sessionToken } : {}),
  };
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(";");
  const canonicalRequest = [
    request.method,
    request.url.pathname,
    canonicalQuery(request.url),
    ...names.map((name) => `${name}:${headers[name]!.trim()}`),
    "",
    signedHeaders,
    request.payloadHash,
  ].join("\n");
  const credentialScope = `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", date, credentialScope, sha256Hex(canonicalRequest)].join("\n");
  let key = hmac(`AWS4${credentials.secretAccessKey}`, date.slice(0, 8));
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

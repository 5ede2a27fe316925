/**
 * AWS Signature Version 4 for one JSON POST to a service's root path (what SSM's GetParameters
 * is): the secret loader's only need, so the bundles carry no SDK for it (docs/deploy.md).
 * Invariant: the path is "/" and there is no query string; every header given is signed.
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
  /** The signing name: `ssm`. */
  service: string;
  at: Date;
}

export interface RootPost {
  url: URL;
  /** Lower-case names; host, x-amz-date and x-amz-security-token are added. */
  headers: Record<string, string>;
  body: string;
}

const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const hmac = (key: Buffer | string, text: string) => createHmac("sha256", key).update(text, "utf8").digest();

/** `20261206T062400Z`: the x-amz-date form of `at`. */
export function amzDate(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** The request's headers, signed: the given ones plus host, x-amz-date, the session token and Authorization. */
export function signRootPost(request: RootPost, scope: SigningScope): Record<string, string> {
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
    "POST",
    "/",
    "",
    ...names.map((name) => `${name}:${headers[name]!.trim()}`),
    "",
    signedHeaders,
    sha256Hex(request.body),
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

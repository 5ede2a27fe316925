import type { IncomingMessage } from "node:http";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";

// The check the local stubs of the signed-fetch calls make (tests/helpers/ssm-stub.ts,
// tests/helpers/s3-stub.ts): a request's Authorization is the one the SDK's own signer
// (@smithy/signature-v4, the SDK's dependency) computes for the same request and signed headers,
// for the local credentials `local` / `local`.

const SECRET_ACCESS_KEY = "local";

/** The query of a request's URL as the SDK's signer takes it. */
function query(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams);
}

/** Whether the request's Authorization is what the SDK's signer makes of it for `service` (`ssm`, `s3`). */
export async function signatureValid(req: IncomingMessage, body: string, service: string): Promise<boolean> {
  const authorization = String(req.headers.authorization ?? "");
  const signed = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(";") ?? [];
  const accessKeyId = /Credential=([^/]+)\//.exec(authorization)?.[1] ?? "";
  const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization)?.[1] ?? "";
  const date = String(req.headers["x-amz-date"] ?? "");
  const signingDate = new Date(
    date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"),
  );
  const sessionToken = req.headers["x-amz-security-token"];
  const signer = new SignatureV4({
    credentials: {
      accessKeyId,
      secretAccessKey: SECRET_ACCESS_KEY,
      ...(typeof sessionToken === "string" ? { sessionToken } : {}),
    },
    region,
    service,
    sha256: Hash.bind(null, "sha256"),
    applyChecksum: false,
    // S3 signs the path as sent (encoded once); the other services encode it again.
    uriEscapePath: service !== "s3",
  });
  const headers = Object.fromEntries(signed.map((name) => [name, String(req.headers[name] ?? "")]));
  const url = new URL(req.url ?? "/", "http://localhost");
  const [hostname] = String(req.headers.host).split(":");
  const expected = await signer.sign(
    {
      method: req.method ?? "GET",
      protocol: "http:",
      hostname: hostname!,
      path: url.pathname,
      query: query(url),
      headers,
      body,
    },
    { signingDate },
  );
  return expected.headers.authorization === authorization;
}

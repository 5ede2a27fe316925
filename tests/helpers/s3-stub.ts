import type { ServerResponse } from "node:http";
import { signatureValid } from "./sigv4-check";
import { type LocalServer, listenLocally } from "./stub-server";

// No S3 server can run here, so a local stub speaks the S3 GetObject/DeleteObject subset Handoff
// uses (src/adapters/aws/s3-raw-mail.ts), as S3 documents it: GET of the object (path-style
// /<bucket>/<key> or virtual-hosted), an optional `Range: bytes=<first>-<last>` answered with 206 and
// only those bytes (416 InvalidRange for an empty object), 404 NoSuchKey for a missing object; DELETE answered 204, present or not. Each
// call's SigV4 signature is checked with the SDK's own signer (tests/helpers/sigv4-check.ts).

export interface S3Read {
  bucket: string;
  key: string;
  range?: string;
  /** Bytes of the object the stub sent back. */
  bytesSent: number;
}

export interface S3Call {
  method: string;
  bucket: string;
  key: string;
  /** The Authorization header is the one the SDK's signer computes for the same request. */
  signatureValid: boolean;
  /** The x-amz-content-sha256 header S3 requires. */
  contentSha256?: string;
}

export interface S3Stub extends LocalServer {
  /** Objects by `<bucket>/<key>`. */
  objects: Map<string, Buffer>;
  /** Each GetObject. */
  reads: S3Read[];
  /** Each call, GetObject and DeleteObject. */
  calls: S3Call[];
  /** The next `times` calls are answered `status` with the error `code` (e.g. 503 SlowDown, 403 AccessDenied). */
  failNext(times: number, status: number, code: string): void;
  reset(): void;
}

function located(host: string, path: string): { bucket: string; key: string } {
  const virtual = /^([^.]+)\.[^:]+/.exec(host)?.[1];
  const parts = decodeURIComponent(path.split("?")[0] ?? "").replace(/^\//, "");
  if (virtual && !/^\d+$/.test(virtual) && virtual !== "127") return { bucket: virtual, key: parts };
  const slash = parts.indexOf("/");
  return { bucket: parts.slice(0, slash), key: parts.slice(slash + 1) };
}

/** The bytes a `Range: bytes=a-b` header asks for (inclusive), clamped to the object. */
function slice(body: Buffer, range: string | undefined): { bytes: Buffer; contentRange?: string } {
  const match = range ? /^bytes=(\d+)-(\d*)$/.exec(range) : null;
  if (!match) return { bytes: body };
  const first = Number(match[1]);
  const last = match[2] ? Math.min(Number(match[2]), body.length - 1) : body.length - 1;
  return { bytes: body.subarray(first, last + 1), contentRange: `bytes ${first}-${last}/${body.length}` };
}

function s3Error(res: ServerResponse, status: number, code: string, key: string): void {
  res
    .writeHead(status, { "content-type": "application/xml" })
    .end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>stub: ${code}</Message><Key>${key}</Key></Error>`,
    );
}

export async function startS3Stub(): Promise<S3Stub> {
  const objects = new Map<string, Buffer>();
  const reads: S3Read[] = [];
  const calls: S3Call[] = [];
  let failures = { times: 0, status: 0, code: "" };
  const server = await listenLocally(async (req, body, res) => {
    const { bucket, key } = located(String(req.headers.host ?? ""), req.url ?? "/");
    const sha = req.headers["x-amz-content-sha256"];
    calls.push({
      method: req.method ?? "",
      bucket,
      key,
      signatureValid: await signatureValid(req, body, "s3"),
      ...(typeof sha === "string" ? { contentSha256: sha } : {}),
    });
    if (failures.times > 0) {
      failures.times--;
      return s3Error(res, failures.status, failures.code, key);
    }
    if (req.method === "DELETE") {
      objects.delete(`${bucket}/${key}`);
      return res.writeHead(204).end();
    }
    const object = objects.get(`${bucket}/${key}`);
    const range = req.headers.range;
    if (req.method !== "GET" || !object) {
      reads.push({ bucket, key, ...(range ? { range } : {}), bytesSent: 0 });
      return s3Error(res, 404, "NoSuchKey", key);
    }
    if (range && object.length === 0) return s3Error(res, 416, "InvalidRange", key);
    const { bytes, contentRange } = slice(object, range);
    reads.push({ bucket, key, ...(range ? { range } : {}), bytesSent: bytes.length });
    res
      .writeHead(contentRange ? 206 : 200, {
        "content-type": "message/rfc822",
        "content-length": String(bytes.length),
        ...(contentRange ? { "content-range": contentRange } : {}),
      })
      .end(bytes);
  });
  return {
    ...server,
    objects,
    reads,
    calls,
    failNext: (times, status, code) => {
      failures = { times, status, code };
    },
    reset: () => {
      objects.clear();
      reads.length = 0;
      calls.length = 0;
      failures = { times: 0, status: 0, code: "" };
    },
  };
}

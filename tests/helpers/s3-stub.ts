import { type LocalServer, listenLocally } from "./stub-server";

// No S3 server can run here, so a local stub answers the one call Handoff makes, GetObject, as S3
// documents it: GET of the object (path-style /<bucket>/<key> or virtual-hosted), an optional
// `Range: bytes=<first>-<last>` answered with 206 and only those bytes, 404 NoSuchKey otherwise.

export interface S3Read {
  bucket: string;
  key: string;
  range?: string;
  /** Bytes of the object the stub sent back. */
  bytesSent: number;
}

export interface S3Stub extends LocalServer {
  /** Objects by `<bucket>/<key>`. */
  objects: Map<string, Buffer>;
  reads: S3Read[];
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

export async function startS3Stub(): Promise<S3Stub> {
  const objects = new Map<string, Buffer>();
  const reads: S3Read[] = [];
  const server = await listenLocally((req, _body, res) => {
    const { bucket, key } = located(String(req.headers.host ?? ""), req.url ?? "/");
    const body = objects.get(`${bucket}/${key}`);
    const range = req.headers.range;
    if (req.method !== "GET" || !body) {
      reads.push({ bucket, key, ...(range ? { range } : {}), bytesSent: 0 });
      res
        .writeHead(404, { "content-type": "application/xml" })
        .end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Key>${key}</Key></Error>`);
      return;
    }
    const { bytes, contentRange } = slice(body, range);
    reads.push({ bucket, key, ...(range ? { range } : {}), bytesSent: bytes.length });
    res
      .writeHead(contentRange ? 206 : 200, {
        "content-type": "message/rfc822",
        "content-length": String(bytes.length),
        ...(contentRange ? { "content-range": contentRange } : {}),
      })
      .end(bytes);
  });
  return { ...server, objects, reads };
}

import { describe, expect, it } from "vitest";
import { S3RawMailArchive, s3ConnectionFromEnvironment } from "../../src/adapters/aws/s3-raw-mail";
import type { AwsConnection } from "../../src/adapters/aws/signed-fetch";
import { ErrorNames, RawMailRefusedError, TransientError } from "../../src/core/errors";
import { startS3Stub } from "../helpers/s3-stub";
import { stubForTests } from "../helpers/stub-server";

// The raw mail archive's signed fetch (no S3 client: src/adapters/aws/s3-raw-mail.ts) against a
// local server speaking S3's GetObject/DeleteObject subset (tests/helpers/s3-stub.ts), which checks
// each request's SigV4 signature with the SDK's own signer.

const s3 = stubForTests(startS3Stub);
const BUCKET = "handoff-inbound";

/** A Lambda function's environment pointed at the stub (AWS_ENDPOINT_URL_S3, as the SDK reads it). */
const environment = () => ({
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
  AWS_SESSION_TOKEN: "session-token",
  AWS_ENDPOINT_URL_S3: s3.endpoint,
});

const archive = (connection: Partial<AwsConnection> = {}) =>
  new S3RawMailArchive({
    connection: { ...s3ConnectionFromEnvironment(environment()), ...connection },
    bucket: BUCKET,
    prefix: "inbound/",
  });

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

describe("S3RawMailArchive against a local server speaking the S3 GetObject/DeleteObject subset", () => {
  it("reads a stored reply by its SES message id, signed as S3 checks it", async () => {
    s3.objects.set(`${BUCKET}/inbound/msg-1`, Buffer.from("From: Ana <ana@example.com>\r\n\r\nHéllo"));
    expect(await archive().read("msg-1")).toBe("From: Ana <ana@example.com>\r\n\r\nHéllo");
    expect(s3.calls).toEqual([
      {
        method: "GET",
        bucket: BUCKET,
        key: "inbound/msg-1",
        signatureValid: true,
        contentSha256: EMPTY_SHA256,
      },
    ]);
  });

  it("the stub's check tells a wrong signature (signed with another secret key) from a right one", async () => {
    await archive({ credentials: { accessKeyId: "local", secretAccessKey: "not-local" } }).read("msg-x");
    expect(s3.calls.map((call) => call.signatureValid)).toEqual([false]);
  });

  it("reads only the first bytes when asked (a Range read)", async () => {
    s3.objects.set(`${BUCKET}/inbound/msg-2`, Buffer.from("Subject: hi\r\n\r\nbody that is not read"));
    expect(await archive().read("msg-2", { firstBytes: 11 })).toBe("Subject: hi");
    expect(s3.reads).toEqual([{ bucket: BUCKET, key: "inbound/msg-2", range: "bytes=0-10", bytesSent: 11 }]);
    expect(s3.calls[0]!.signatureValid).toBe(true);
  });

  it("reads an empty stored message as empty, whole or its first bytes (S3 answers 416 to the range)", async () => {
    s3.objects.set(`${BUCKET}/inbound/msg-empty`, Buffer.alloc(0));
    expect(await archive().read("msg-empty")).toBe("");
    expect(await archive().read("msg-empty", { firstBytes: 100 })).toBe("");
  });

  it("reads nothing for a message expired or deleted (404 NoSuchKey)", async () => {
    expect(await archive().read("msg-expired")).toBeUndefined();
    expect(await archive().read("msg-expired", { firstBytes: 100 })).toBeUndefined();
  });

  it("deletes a message, and a missing one without complaint", async () => {
    s3.objects.set(`${BUCKET}/inbound/msg-3`, Buffer.from("x"));
    await archive().delete("msg-3");
    await archive().delete("msg-never-there");
    expect(s3.objects.has(`${BUCKET}/inbound/msg-3`)).toBe(false);
    expect(s3.calls.map((call) => [call.method, call.key, call.signatureValid])).toEqual([
      ["DELETE", "inbound/msg-3", true],
      ["DELETE", "inbound/msg-never-there", true],
    ]);
  });

  it("signs a key with characters S3 wants encoded (the path is encoded once)", async () => {
    const id = "0100 msg+(1)*'!~=";
    s3.objects.set(`${BUCKET}/inbound/${id}`, Buffer.from("odd key"));
    expect(await archive().read(id)).toBe("odd key");
    expect(s3.calls).toMatchObject([{ key: `inbound/${id}`, signatureValid: true }]);
  });

  it("tries again while S3 fails (5xx) or throttles, then reads", async () => {
    s3.objects.set(`${BUCKET}/inbound/msg-4`, Buffer.from("after a retry"));
    s3.failNext(2, 503, "SlowDown");
    expect(await archive().read("msg-4")).toBe("after a retry");
    expect(s3.calls).toHaveLength(3);
  });

  it("reads a message that talks of throttling once: only an error's body can ask for a retry", async () => {
    s3.objects.set(`${BUCKET}/inbound/msg-throttl`, Buffer.from("Subject: ThrottlingException again"));
    expect(await archive().read("msg-throttl")).toBe("Subject: ThrottlingException again");
    expect(s3.calls).toHaveLength(1);
  });

  it("fails with a TransientError naming the call once the tries are spent", async () => {
    s3.failNext(5, 500, "InternalError");
    const failure = archive({ attempts: 2 }).delete("msg-5");
    await expect(failure).rejects.toThrow(TransientError);
    await expect(failure).rejects.toMatchObject({
      name: ErrorNames.Transient,
      message: `S3 DeleteObject of inbound/msg-5 in ${BUCKET} failed: 500 InternalError: stub: InternalError`,
    });
    expect(s3.calls).toHaveLength(2);
  });

  it("fails at once with a RawMailRefusedError when S3 refuses (403 AccessDenied)", async () => {
    s3.failNext(1, 403, "AccessDenied");
    const failure = archive().read("msg-6");
    await expect(failure).rejects.toThrow(RawMailRefusedError);
    await expect(failure).rejects.toMatchObject({
      status: 403,
      message: `S3 GetObject of inbound/msg-6 in ${BUCKET} failed: 403 AccessDenied: stub: AccessDenied`,
    });
    expect(s3.calls).toHaveLength(1);
  });

  it("addresses AWS's own endpoint virtual-hosted, in the function's region", async () => {
    const urls: string[] = [];
    const recording: typeof fetch = async (url) => {
      urls.push(String(url));
      return new Response("raw", { status: 200 });
    };
    const { endpoint: _, ...onAws } = s3ConnectionFromEnvironment({
      ...environment(),
      AWS_REGION: "eu-west-1",
    });
    const onAwsArchive = new S3RawMailArchive({
      connection: { ...onAws, fetch: recording },
      bucket: BUCKET,
      prefix: "inbound/",
    });
    expect(await onAwsArchive.read("msg 7")).toBe("raw");
    expect(urls).toEqual([`https://${BUCKET}.s3.eu-west-1.amazonaws.com/inbound/msg%207`]);
  });

  it("names what is missing when the function has no credentials to sign with", () => {
    const { AWS_SECRET_ACCESS_KEY: _, ...without } = environment();
    expect(() => s3ConnectionFromEnvironment(without)).toThrow(RawMailRefusedError);
  });
});

import { signatureValid } from "./sigv4-check";
import { type LocalServer, listenLocally } from "./stub-server";

// No SSM can run here, so a local stub speaks the subset of SSM the secret loader uses
// (stacks/runtime/ssm-parameters.ts): POST / with `X-Amz-Target: AmazonSSM.GetParameters`, a JSON
// body `{ Names, WithDecryption }`, answered `{ Parameters: [{ Name, Value, … }], InvalidParameters }`
// (at most 10 names, as SSM). Each call's SigV4 signature is checked with the SDK's own signer
// (tests/helpers/sigv4-check.ts).

export interface SsmCall {
  names: string[];
  withDecryption: boolean;
  /** The Authorization header is the one the SDK's signer computes for the same request. */
  signatureValid: boolean;
  sessionToken?: string;
}

export interface SsmStub extends LocalServer {
  /** Parameter values by name (a SecureString decrypted: WithDecryption is checked). */
  parameters: Map<string, string>;
  calls: SsmCall[];
  /** The next `times` calls are answered `status` with the error `type` (e.g. 400 AccessDeniedException); status 0: never answered. */
  failNext(times: number, status: number, type: string): void;
  reset(): void;
}

export async function startSsmStub(): Promise<SsmStub> {
  const parameters = new Map<string, string>();
  const calls: SsmCall[] = [];
  let failures: { times: number; status: number; type: string } = { times: 0, status: 0, type: "" };
  const server = await listenLocally(async (req, body, res) => {
    const answer = (status: number, json: unknown) =>
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(json));
    if (req.method !== "POST" || req.headers["x-amz-target"] !== "AmazonSSM.GetParameters")
      return answer(400, { __type: "UnknownOperationException", message: "only GetParameters" });
    const { Names: names = [], WithDecryption: withDecryption = false } = JSON.parse(body) as {
      Names?: string[];
      WithDecryption?: boolean;
    };
    const token = req.headers["x-amz-security-token"];
    calls.push({
      names,
      withDecryption,
      signatureValid: await signatureValid(req, body, "ssm"),
      ...(typeof token === "string" ? { sessionToken: token } : {}),
    });
    if (failures.times > 0) {
      failures.times--;
      if (failures.status === 0) return; // hangs: the connection stays open until the server closes
      return answer(failures.status, { __type: failures.type, message: `stub: ${failures.type}` });
    }
    if (names.length > 10)
      return answer(400, { __type: "ValidationException", message: "at most 10 names a call" });
    const found = names.filter((name) => parameters.has(name));
    answer(200, {
      Parameters: found.map((name) => ({
        Name: name,
        Type: "SecureString",
        Value: withDecryption ? parameters.get(name) : "AQICAHencrypted",
        Version: 1,
      })),
      InvalidParameters: names.filter((name) => !parameters.has(name)),
    });
  });
  return {
    ...server,
    parameters,
    calls,
    failNext: (times, status, type) => {
      failures = { times, status, type };
    },
    reset: () => {
      parameters.clear();
      calls.length = 0;
      failures = { times: 0, status: 0, type: "" };
    },
  };
}

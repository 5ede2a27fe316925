import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// `sst build` makes three AWS calls before it synthesizes: STS GetCallerIdentity, and
// CloudFormation DescribeStacks for the CDK and SST bootstrap stacks. This endpoint answers them in
// the AWS query protocol (form-encoded POST, XML answer), so the build runs with no account and no
// network. Anything else gets a 400 and is recorded, so a test can insist on exactly these calls.

export const ACCOUNT = "123456789012";

export interface OfflineCall {
  action: string;
  stackName?: string;
}

export interface OfflineAws {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  calls: OfflineCall[];
  close(): Promise<void>;
}

const CFN_NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

/** Outputs of the bootstrap stacks a real account would hold. */
const BOOTSTRAP_STACKS: Record<string, Record<string, string>> = {
  CDKToolkit: { BootstrapVersion: "28", BucketName: `cdk-hnb659fds-assets-${ACCOUNT}-us-east-1` },
  SSTBootstrap: { Version: "7.4", BucketName: `sstbootstrap-useast1-${ACCOUNT}` },
};

function xml(action: string, ns: string, result: string): string {
  return (
    `<${action}Response xmlns="${ns}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>` +
    `</${action}Response>`
  );
}

function errorXml(code: string, message: string): string {
  return (
    `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
    `<RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`
  );
}

function describeStack(name: string, outputs: Record<string, string>): string {
  const members = Object.entries(outputs)
    .map(([k, v]) => `<member><OutputKey>${k}</OutputKey><OutputValue>${v}</OutputValue></member>`)
    .join("");
  return xml(
    "DescribeStacks",
    CFN_NS,
    `<Stacks><member><StackName>${name}</StackName>` +
      `<StackId>arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/${name}/00000000-0000-0000-0000-000000000000</StackId>` +
      `<CreationTime>2025-01-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus>` +
      `<Outputs>${members}</Outputs></member></Stacks>`,
  );
}

function answer(params: URLSearchParams): { status: number; body: string } {
  const action = params.get("Action") ?? "";
  if (action === "GetCallerIdentity") {
    return {
      status: 200,
      body: xml(
        "GetCallerIdentity",
        STS_NS,
        `<Arn>arn:aws:iam::${ACCOUNT}:user/local</Arn><UserId>AIDALOCALLOCALLOCAL</UserId><Account>${ACCOUNT}</Account>`,
      ),
    };
  }
  if (action === "DescribeStacks") {
    const name = params.get("StackName") ?? "";
    const outputs = BOOTSTRAP_STACKS[name];
    if (outputs) return { status: 200, body: describeStack(name, outputs) };
    return { status: 400, body: errorXml("ValidationError", `Stack with id ${name} does not exist`) };
  }
  return { status: 400, body: errorXml("InvalidAction", `offline endpoint does not answer ${action}`) };
}

/** Starts the endpoint on 127.0.0.1 on a free port. */
export async function startOfflineAws(): Promise<OfflineAws> {
  const calls: OfflineCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const action = params.get("Action") ?? `${req.method} ${req.url}`;
      const stackName = params.get("StackName") ?? undefined;
      calls.push(stackName ? { action, stackName } : { action });
      const { status, body } = answer(params);
      res.writeHead(status, { "content-type": "text/xml" });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

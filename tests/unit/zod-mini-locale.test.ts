import { spawnSync } from "node:child_process";
import { buildSync } from "esbuild";
import { describe, expect, it } from "vitest";
import { EmailPayload } from "../../src/core/engine/payloads";
// The language's classic schemas, loaded here as they were in every handler before issue 16: classic
// zod sets its English messages (for every schema this process parses) when it builds its first one.
import { Settings } from "../../src/core/language";
import { ContactInput } from "../../src/core/language/input-schemas";
import { REPO } from "../helpers/workspace";

// A handler's bundle holds zod/mini and no classic zod (tests/unit/architecture.test.ts), and mini
// carries no locale: src/core/language/zod-mini.ts sets English once. Here the handlers' schemas are
// bundled alone, zod included, and run in a fresh Node: their messages are the ones classic zod
// gives in this process (where it is loaded and sets English itself).

const INPUTS = {
  contact: { id: "c-1", email: "not an address", firstName: "x".repeat(101), extra: 1 },
  payload: { workflow: "", enrollmentId: "e", contactId: "c", step: { id: "s", type: "sms" } },
};

const ENTRY = `
import { ContactInput } from "./src/core/language/input-schemas";
import { EmailPayload } from "./src/core/engine/payloads";
const inputs = ${JSON.stringify(INPUTS)};
const messages = (result) => result.error.issues.map((issue) => issue.path.join(".") + ": " + issue.message);
process.stdout.write(JSON.stringify([messages(ContactInput.safeParse(inputs.contact)), messages(EmailPayload.safeParse(inputs.payload))]));
`;

const messages = (result: { error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  result.error!.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);

describe("the handlers' zod/mini schemas speak English without classic zod", () => {
  it("gives the messages classic zod gives, from a bundle with no classic zod in it", () => {
    const bundle = buildSync({
      stdin: { contents: ENTRY, resolveDir: REPO, loader: "ts" },
      absWorkingDir: REPO,
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "esm",
      logLevel: "silent",
    });
    const bundled = Object.keys(bundle.metafile.inputs).filter((path) => path.includes("node_modules/zod/"));
    expect(bundled.filter((path) => path.includes("/classic/"))).toEqual([]);
    const run = spawnSync(process.execPath, ["--input-type=module", "-"], {
      input: bundle.outputFiles[0]!.text,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    const [contact, payload] = JSON.parse(run.stdout) as [string[], string[]];
    expect(contact).toEqual(messages(ContactInput.safeParse(INPUTS.contact)));
    expect(payload).toEqual(messages(EmailPayload.safeParse(INPUTS.payload)));
    expect(contact).toContain("email: Invalid email address");
    expect(Settings).toBeDefined();
  });
});

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { workflowJsonSchema } from "../../core/language/json-schema";
import { type FolderOptions, folders } from "./folders";

export function schemaText(): string {
  return `${JSON.stringify(workflowJsonSchema(), null, 2)}\n`;
}

/** `handoff schema`: prints the schema, or writes (--write) or checks (--check) <workflows>/schema.json. */
export function schema(options: { write?: boolean; check?: boolean }, command: Command): void {
  const file = join(folders(command.optsWithGlobals<FolderOptions>()).workflowsDir, "schema.json");
  const text = schemaText();
  if (options.check) {
    let current = "";
    try {
      current = readFileSync(file, "utf8");
    } catch {}
    if (current !== text) {
      process.stderr.write(`${file} is stale: run npm run schema\n`);
      process.exitCode = 1;
    }
  } else if (options.write) {
    writeFileSync(file, text);
    process.stdout.write(`wrote ${file}\n`);
  } else process.stdout.write(text);
}

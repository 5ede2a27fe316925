// `node --import ./tests/helpers/import-recorder.mjs …`: appends every module URL the process
// resolves through ESM (one a line) to the file HANDOFF_IMPORT_LOG names. tests/unit/cli-start.test.ts
// checks with it what `handoff --help` and `handoff validate` load.
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(process.env.HANDOFF_IMPORT_LOG)}, resolved.url + "\\n");
  return resolved;
}`)}`,
);

// Rewrites tests/fixtures/asl/<id>.asl.json from the sample workflows. Run after an intended change
// to the compiler, then read the diff: it is the change every deployed machine will see.
import { mkdirSync, writeFileSync } from "node:fs";
import { formatViolations } from "../src/cli/output";
import { aslText } from "../src/compiler/asl-text";
import { compileWorkspace } from "../src/compiler/pipeline";

const compilation = compileWorkspace();
if (!compilation.ok) {
  console.error(formatViolations(compilation.violations));
  process.exit(1);
}
mkdirSync("tests/fixtures/asl", { recursive: true });
for (const { workflow, definition } of compilation.machines) {
  const file = `tests/fixtures/asl/${workflow.id}.asl.json`;
  writeFileSync(file, aslText(definition));
  console.log(`wrote ${file}`);
}

import { Command } from "commander";
import { registerAsana } from "./commands/asana";
import { registerCompile } from "./commands/compile";
import { registerContact } from "./commands/contact";
import { registerEnroll } from "./commands/enroll";
import { registerFailed } from "./commands/failed";
import { registerReport } from "./commands/report";
import { registerSchema } from "./commands/schema";
import { registerSimulate } from "./commands/simulate";
import { registerStart } from "./commands/start";
import { registerTest } from "./commands/test";
import { registerValidate } from "./commands/validate";

export function buildProgram(): Command {
  const program = new Command()
    .name("handoff")
    .description("Marketing-to-sales automation: campaigns and sequences as JSON, run by AWS Step Functions.")
    .option("--workflows <dir>", "folder of the workflow files", "workflows")
    .option("--templates <dir>", "folder of the email templates", "templates")
    .showHelpAfterError();
  registerValidate(program);
  registerCompile(program);
  registerEnroll(program);
  registerFailed(program);
  registerReport(program);
  registerContact(program);
  registerSchema(program);
  registerSimulate(program);
  registerStart(program);
  registerTest(program);
  registerAsana(program);
  return program;
}

await buildProgram().parseAsync(process.argv);

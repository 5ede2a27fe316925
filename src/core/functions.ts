/**
 * The Lambda functions a compiled machine calls. Each appears in the ASL as a `${Name}`
 * placeholder that the stacks fill through `definitionSubstitutions` and the local runtime
 * maps to the in-process handler.
 */
export const FUNCTIONS = {
  sendEmail: "SendEmailFunctionArn",
  pause: "PauseFunctionArn",
  decide: "DecideFunctionArn",
  setStage: "SetStageFunctionArn",
  notify: "NotifyFunctionArn",
  task: "TaskFunctionArn",
  handoff: "HandoffFunctionArn",
  complete: "CompleteFunctionArn",
} as const;
export type FunctionKey = keyof typeof FUNCTIONS;

export function placeholder(key: FunctionKey): string {
  return `\${${FUNCTIONS[key]}}`;
}

/** Every `${Name}` placeholder left in a definition. */
export function placeholdersIn(definition: string): string[] {
  return [...new Set([...definition.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]!))];
}

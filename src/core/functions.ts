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

/** The AWS services a step handler reaches besides the table, by what its use case does. */
export interface FunctionNeeds {
  /** Sends email (ses:SendEmail). */
  sendEmail?: boolean;
  /** Starts executions: enrollments, handoffs, onComplete (states:StartExecution). */
  startExecution?: boolean;
  /** Ends paused tasks (states:SendTaskSuccess / SendTaskFailure). */
  taskResponse?: boolean;
  /** Redrives failed executions (states:RedriveExecution): the API's /enrollments/redrive. */
  redrive?: boolean;
}

/**
 * Kept beside the handlers so a use case that starts calling another port updates its needs here,
 * where the stacks read them for least-privilege grants. Sending completes the enrollment when it
 * is the last step, which may enroll the contact in the next workflow; so may setStage and notify.
 * Pausing, deciding and creating a task only read and write the table.
 */
export const FUNCTION_NEEDS: Record<FunctionKey, FunctionNeeds> = {
  sendEmail: { sendEmail: true, startExecution: true },
  pause: {},
  decide: {},
  setStage: { startExecution: true },
  notify: { startExecution: true },
  task: {},
  handoff: { startExecution: true },
  complete: { startExecution: true },
};

export function placeholder(key: FunctionKey): string {
  return `\${${FUNCTIONS[key]}}`;
}

/** Every `${Name}` placeholder left in a definition. */
export function placeholdersIn(definition: string): string[] {
  return [...new Set([...definition.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]!))];
}

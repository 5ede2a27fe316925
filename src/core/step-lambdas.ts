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
  /** Signs unsubscribe and click links and reply addresses: bound the signing keys (HANDOFF_TOKEN_KEYS). */
  linkTokens?: boolean;
  /** Posts to Slack: bound the channels' webhooks (HANDOFF_SLACK_WEBHOOKS). */
  slackPosts?: boolean;
  /** Creates rep tasks in the task tracker: bound the Asana token (settings.integrations.asana.tokenSecret). */
  taskTracker?: boolean;
}

/**
 * Kept beside the handlers so a use case that starts calling another port updates its needs here,
 * where the stacks read them for least-privilege grants. A stage change (setStage, a handoff,
 * onComplete) is handled like an event: it may end other enrollments' pauses and enroll the
 * contact elsewhere. Sending, setStage and notify complete the enrollment when they are the last
 * step (onComplete). A waitFor whose event came just before it ends its own pause. Deciding and
 * creating a task only read and write the table. Only sending signs links; only notify, task and
 * handoff post to Slack, and only task and handoff create rep tasks (in Asana too): the other
 * functions are bound none of those secrets.
 */
export const FUNCTION_NEEDS: Record<FunctionKey, FunctionNeeds> = {
  sendEmail: { sendEmail: true, startExecution: true, taskResponse: true, linkTokens: true },
  pause: { taskResponse: true },
  decide: {},
  setStage: { startExecution: true, taskResponse: true },
  notify: { startExecution: true, taskResponse: true, slackPosts: true },
  task: { slackPosts: true, taskTracker: true },
  handoff: { startExecution: true, taskResponse: true, slackPosts: true, taskTracker: true },
  complete: { startExecution: true, taskResponse: true },
};

export function placeholder(key: FunctionKey): string {
  return `\${${FUNCTIONS[key]}}`;
}

/** Every `${Name}` placeholder left in a definition. */
export function placeholdersIn(definition: string): string[] {
  return [...new Set([...definition.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]!))];
}

/** The subset of Amazon States Language (JSONPath flavour) that the compiler emits. */
export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds: number;
  MaxAttempts: number;
  BackoffRate: number;
  MaxDelaySeconds: number;
  JitterStrategy: "FULL" | "NONE";
}

export interface Catcher {
  ErrorEquals: string[];
  ResultPath: string | null;
  Next: string;
}

export interface TaskState {
  Type: "Task";
  Comment?: string;
  Resource: string;
  Parameters: Record<string, unknown>;
  ResultSelector?: Record<string, unknown>;
  ResultPath: string | null;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Retry: Retrier[];
  Catch?: Catcher[];
  Next?: string;
  End?: true;
}

export interface SucceedState {
  Type: "Succeed";
  Comment?: string;
}

export type State = TaskState | SucceedState;

export interface StateMachine {
  Comment: string;
  QueryLanguage: "JSONPath";
  StartAt: string;
  States: Record<string, State>;
}

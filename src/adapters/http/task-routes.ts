import { completeTask } from "../../core/engine/rep-tasks";
import * as z from "../../core/language/zod-mini";
import { parseBody } from "./body";
import { type HttpDeps, type HttpRequest, type HttpResponse, json, MAX_BODY_BYTES, problem } from "./types";

const Body = z.strictObject({ by: z.optional(z.string().check(z.minLength(1), z.maxLength(128))) });

/** POST /tasks/{id}/complete: a rep (or the CRM) marks a task done; the sequence moves on. */
export async function postCompleteTask(
  deps: HttpDeps,
  request: HttpRequest,
  taskId: string,
): Promise<HttpResponse> {
  const parsed = parseBody({ ...request, body: request.body || "{}" }, Body, MAX_BODY_BYTES);
  if ("response" in parsed) return parsed.response;
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(taskId))
    return problem(400, "invalid-task-id", "a task id has letters, digits, dots, hyphens and underscores");
  const result = await completeTask(deps.engine, taskId, parsed.value.by ?? "api");
  switch (result.status) {
    case "completed":
      return json(200, { task: taskId, status: "completed" });
    case "already-completed":
      return json(200, { task: taskId, status: "completed", note: "it was already completed" });
    case "timed-out":
      return problem(409, "timed-out", "the task's time ran out and the sequence moved on without it");
    default:
      return problem(404, "not-found", `no task '${taskId}'`);
  }
}

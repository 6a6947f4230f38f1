import { AppError, storedText } from "@tollgate/domain";
import type { TaskPosition, TaskSort } from "@tollgate/use-cases/tasks";
import { z } from "zod";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "../opaque-cursor.ts";

export const monthQuery = z
  .string()
  .regex(/^\d{4}-\d{2}$/, "must be a month, YYYY-MM")
  .optional()
  .describe("UTC calendar month, YYYY-MM; default the current one.");

export const taskIdText = storedText(200).min(1, "must not be empty");

export const tokensOutput = z.object({
  input: z.string(),
  cached_input: z.string(),
  cache_write: z.string(),
  output: z.string(),
  reasoning: z.string(),
});

const positionSchema = z.tuple([z.string(), z.string()]);

/** What a cursor is bound to: the same tenant, month, filters and sort (a page of one is no position in another). */
export interface TasksCursorScope {
  tenantId: string;
  month: Date;
  agent?: string | undefined;
  taskIdPrefix?: string | undefined;
  sort: TaskSort;
}

// JSON, so a filter holding "|" cannot make two scopes read the same.
const scopeText = (scope: TasksCursorScope) =>
  JSON.stringify([
    "tasks",
    scope.tenantId,
    scope.month.toISOString(),
    scope.agent ?? "",
    scope.taskIdPrefix ?? "",
    scope.sort,
  ]);

export function encodeTasksCursor(position: TaskPosition, scope: TasksCursorScope): string {
  return encodeOpaqueCursor([position.value, position.taskId], scopeText(scope));
}

/** 400 when the cursor was altered or was issued for another tenant, month, filter or sort. */
export function decodeTasksCursor(cursor: string, scope: TasksCursorScope): TaskPosition {
  const invalid = () =>
    new AppError(
      "bad_request",
      "invalid cursor: pass next_cursor unchanged, with the same month, agent, task_id_prefix, sort and tenant",
    );
  const [value, taskId] = decodeOpaqueCursor(cursor, scopeText(scope), positionSchema, invalid);
  const valid =
    scope.sort === "last_seen"
      ? !Number.isNaN(Date.parse(value)) && value.endsWith("Z")
      : /^-?\d+(\.\d+)?$/.test(value);
  if (!valid) throw invalid();
  return { value, taskId };
}

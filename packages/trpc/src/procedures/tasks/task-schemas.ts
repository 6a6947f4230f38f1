import { AppError, storedText } from "@tollgate/domain";
import type { TaskPosition } from "@tollgate/use-cases/tasks";
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
const scopeText = (tenantId: string, month: Date, agent: string | undefined) =>
  `tasks|${tenantId}|${month.toISOString()}|${agent ?? ""}`;

export function encodeTasksCursor(position: TaskPosition, tenantId: string, month: Date, agent?: string): string {
  return encodeOpaqueCursor([position.amount, position.taskId], scopeText(tenantId, month, agent));
}

/** 400 when the cursor was altered or was issued for another tenant, month or agent. */
export function decodeTasksCursor(cursor: string, tenantId: string, month: Date, agent?: string): TaskPosition {
  const invalid = () =>
    new AppError("bad_request", "invalid cursor: pass next_cursor unchanged, with the same month, agent and tenant");
  const [amount, taskId] = decodeOpaqueCursor(cursor, scopeText(tenantId, month, agent), positionSchema, invalid);
  if (!/^-?\d+(\.\d+)?$/.test(amount)) throw invalid();
  return { amount, taskId };
}

import { MAX_FAILED_JOBS_PAGE, MAX_FAILED_JOBS_REPLAY, queueKeys } from "@tollgate/queues";
import { z } from "zod";
import type { Context } from "../../context.ts";
import type { FailedJobs } from "../../ports/failed-jobs.ts";

/** `usage` keeps the path the usage-only operations always had. */
export const FAILED_PATH = "/v1/admin/queues/{queue}/failed";

export const REPLAY_IS_SAFE =
  "Replaying is safe: every queue's worker is idempotent (usage events and ledger lines are recorded once, a billing " +
  "close finds the periods already closed, a webhook delivery that succeeded is not sent again).";

/** A queue of the catalog, by its key; anything else is a 400 naming the keys. */
export const queueParam = z
  .enum(queueKeys, { error: `must be a catalog queue: ${queueKeys.join(", ")}` })
  .describe(`the queue's catalog key: ${queueKeys.join(", ")}`);

// Query parameters arrive as text; these are their wire rules and messages.
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const pageLimit = wholeNumber(1, MAX_FAILED_JOBS_PAGE)
  .optional()
  .describe(`default 20, at most ${MAX_FAILED_JOBS_PAGE}`);
export const pageOffset = wholeNumber(0, 100_000_000).optional().describe("default 0");
export const replayLimit = wholeNumber(1, MAX_FAILED_JOBS_REPLAY)
  .optional()
  .describe(`how many to replay in this call, default and at most ${MAX_FAILED_JOBS_REPLAY}`);

export const jobIdParam = z.string().min(1).max(300);

export const failedJobOutput = z.object({
  id: z.string(),
  tenant_ids: z
    .array(z.string())
    .describe("every tenant the job names (a usage job may carry the events of many; a billing close names one)"),
  event_count: z
    .number()
    .int()
    .nullable()
    .describe("events over all the job's tenants; null if unreadable or not a usage job"),
  failed_reason: z.string(),
  attempts_made: z.number().int(),
  created_at: z.string(),
  processed_at: z.string().nullable(),
  failed_at: z.string().nullable(),
});

/** The port, which every transport serving these operations provides; without it they fail loudly. */
export function failedJobsOf(ctx: Context): FailedJobs {
  if (!ctx.failedJobs) throw new Error("a failed-jobs operation was called without the failedJobs port");
  return ctx.failedJobs;
}

import { MAX_FAILED_JOBS_PAGE, MAX_FAILED_JOBS_REPLAY } from "@tollgate/queues";
import { z } from "zod";
import type { Context } from "../../context.ts";
import type { FailedUsageJobs } from "../../ports/failed-usage-jobs.ts";

export const FAILED_PATH = "/v1/admin/queues/usage/failed";

export const REPLAY_IS_SAFE =
  "Replaying is safe: the worker records each event once, however often a batch is processed.";

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
    .describe("every tenant with events in the job (one job may carry the events of many tenants)"),
  event_count: z.number().int().nullable().describe("events over all the job's tenants; null if unreadable"),
  failed_reason: z.string(),
  attempts_made: z.number().int(),
  created_at: z.string(),
  processed_at: z.string().nullable(),
  failed_at: z.string().nullable(),
});

/** The port, which every transport serving these operations provides; without it they fail loudly. */
export function failedUsageJobsOf(ctx: Context): FailedUsageJobs {
  if (!ctx.failedUsageJobs) throw new Error("a failed-jobs operation was called without the failedUsageJobs port");
  return ctx.failedUsageJobs;
}

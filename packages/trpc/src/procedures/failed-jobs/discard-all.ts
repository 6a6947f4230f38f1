import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { FAILED_PATH, failedJobsOf, queueParam, replayLimit } from "./failed-job-schemas.ts";

/** Discards a queue's failed jobs for good, oldest failure first, up to `limit` per call (operator). */
export const discardFailedJobsOperation = operatorOperation
  .meta({
    rest: {
      method: "DELETE",
      path: FAILED_PATH,
      fieldsFrom: "query",
      summary: "Discard a queue's failed jobs for good, oldest failure first, up to limit per call (admin scope)",
      description:
        "They never run (a usage job's events are not recorded). Replay instead when the cause is fixed: replaying is safe.",
      responseDescription: "discarded",
      errors: [400, 401, 403, 503],
    },
  })
  .input(
    z.strictObject({
      queue: queueParam,
      limit: replayLimit.describe("how many to discard in this call, default and at most 1000"),
    }),
  )
  .output(
    z.object({
      discarded: z.number().int(),
      remaining: z.number().int().describe("failed jobs still left (call again to discard more)"),
    }),
  )
  .mutation(({ ctx, input }) => failedJobsOf(ctx).discardAll(input.queue, input.limit));

import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { FAILED_PATH, failedJobsOf, queueParam, REPLAY_IS_SAFE, replayLimit } from "./failed-job-schemas.ts";

/** Replays a queue's failed jobs, oldest failure first, up to `limit` per call (operator). */
export const replayFailedJobsOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: `${FAILED_PATH}/retry`,
      // `?limit=` is a query parameter of this POST, as it always was; a body is ignored.
      fieldsFrom: "query",
      status: 202,
      summary: "Replay a queue's failed jobs, oldest failure first, up to limit per call (admin scope)",
      description: REPLAY_IS_SAFE,
      responseDescription: "moved back to waiting",
      errors: [400, 401, 403, 503],
    },
  })
  .input(z.strictObject({ queue: queueParam, limit: replayLimit }))
  .output(
    z.object({
      replayed: z.number().int(),
      remaining: z.number().int().describe("failed jobs still left (call again to replay more)"),
    }),
  )
  .mutation(({ ctx, input }) => failedJobsOf(ctx).replayAll(input.queue, input.limit));

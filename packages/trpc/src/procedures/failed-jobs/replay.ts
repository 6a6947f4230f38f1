import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { FAILED_PATH, failedJobsOf, jobIdParam, queueParam, REPLAY_IS_SAFE } from "./failed-job-schemas.ts";

/** Replays one failed job of a queue with a fresh attempt budget (operator). */
export const replayFailedJobOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: `${FAILED_PATH}/{jobId}/retry`,
      // Neither query nor body was ever read here: the (empty) query stays unchecked and a body ignored.
      fieldsFrom: "query",
      status: 202,
      summary: "Replay one failed job of a queue with a fresh attempt budget (admin scope)",
      description: REPLAY_IS_SAFE,
      responseDescription: "moved back to waiting",
      errors: [400, 401, 403, 404, 409, 503],
    },
  })
  // Not strict: unknown query parameters stay ignored, as they always were.
  .input(z.object({ queue: queueParam, jobId: jobIdParam }))
  .output(z.object({ id: z.string(), state: z.literal("waiting") }))
  .mutation(async ({ ctx, input }) => {
    await failedJobsOf(ctx).replay(input.queue, input.jobId);
    return { id: input.jobId, state: "waiting" as const };
  });

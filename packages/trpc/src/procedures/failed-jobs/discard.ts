import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { FAILED_PATH, failedJobsOf, jobIdParam, queueParam } from "./failed-job-schemas.ts";

/** Discards one failed job of a queue for good; it never runs (operator). */
export const discardFailedJobOperation = operatorOperation
  .meta({
    rest: {
      method: "DELETE",
      path: `${FAILED_PATH}/{jobId}`,
      status: 204,
      summary: "Discard one failed job of a queue for good; it never runs (admin scope)",
      responseDescription: "discarded",
      errors: [400, 401, 403, 404, 409, 503],
    },
  })
  // Not strict: unknown query parameters stay ignored, as they always were.
  .input(z.object({ queue: queueParam, jobId: jobIdParam }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    await failedJobsOf(ctx).discard(input.queue, input.jobId);
  });

import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { FAILED_PATH, failedUsageJobsOf, jobIdParam } from "./failed-job-schemas.ts";

/** Discards one failed usage job for good; its events are not recorded (operator). */
export const discardFailedUsageJobOperation = operatorOperation
  .meta({
    rest: {
      method: "DELETE",
      path: `${FAILED_PATH}/{jobId}`,
      status: 204,
      summary: "Discard one failed usage job for good; its events are not recorded (admin scope)",
      responseDescription: "discarded",
      errors: [401, 403, 404, 409, 503],
    },
  })
  // Not strict: unknown query parameters stay ignored, as they always were.
  .input(z.object({ jobId: jobIdParam }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    await failedUsageJobsOf(ctx).discard(input.jobId);
  });

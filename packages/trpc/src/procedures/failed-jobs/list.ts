import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { failedJobJson } from "../../wire/index.ts";
import { FAILED_PATH, failedJobOutput, failedJobsOf, pageLimit, pageOffset, queueParam } from "./failed-job-schemas.ts";

/** A catalog queue's jobs that failed all their attempts, newest failure first, summarized (operator). */
export const listFailedJobsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: FAILED_PATH,
      summary: "List a queue's jobs that failed all their attempts (admin scope)",
      responseDescription: "failed jobs",
      errors: [400, 401, 403, 503],
    },
  })
  .input(z.strictObject({ queue: queueParam, limit: pageLimit, offset: pageOffset }))
  .output(
    z.object({
      queue: queueParam,
      total: z.number().int(),
      limit: z.number().int(),
      offset: z.number().int(),
      jobs: z.array(failedJobOutput).describe("most recently failed first; payloads are summarized, never returned"),
    }),
  )
  .query(async ({ ctx, input }) => {
    const page = { limit: input.limit ?? 20, offset: input.offset ?? 0 };
    const list = await failedJobsOf(ctx).list(input.queue, page);
    return { queue: input.queue, total: list.total, ...page, jobs: list.jobs.map(failedJobJson) };
  });

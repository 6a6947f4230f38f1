import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { failedJobJson } from "../../wire/index.ts";
import { FAILED_PATH, failedJobOutput, failedUsageJobsOf, pageLimit, pageOffset } from "./failed-job-schemas.ts";

/** Usage jobs that failed all their attempts, newest failure first, summarized (operator). */
export const listFailedUsageJobsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: FAILED_PATH,
      summary: "List usage jobs that failed all their attempts (admin scope)",
      responseDescription: "failed jobs",
      errors: [400, 401, 403, 503],
    },
  })
  .input(z.strictObject({ limit: pageLimit, offset: pageOffset }))
  .output(
    z.object({
      total: z.number().int(),
      limit: z.number().int(),
      offset: z.number().int(),
      jobs: z.array(failedJobOutput).describe("most recently failed first; payloads are summarized, never returned"),
    }),
  )
  .query(async ({ ctx, input }) => {
    const page = { limit: input.limit ?? 20, offset: input.offset ?? 0 };
    const list = await failedUsageJobsOf(ctx).list(page);
    return { total: list.total, ...page, jobs: list.jobs.map(failedJobJson) };
  });

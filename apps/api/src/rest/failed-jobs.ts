import { AppError } from "@tollgate/domain";
import {
  discardFailedJob,
  listFailedJobs,
  MAX_FAILED_JOBS_PAGE,
  MAX_FAILED_JOBS_REPLAY,
  replayFailedJob,
  replayFailedJobs,
  type FailedJobSummary,
} from "@tollgate/queues";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { ApiDeps } from "../api-deps.ts";
import { requireOperatorKey } from "./authenticate-request.ts";
import { parseRequest } from "./parse-request.ts";

const FAILED_PATH = "/v1/admin/queues/usage/failed";

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const failedJobsQuery = z.strictObject({
  limit: wholeNumber(1, MAX_FAILED_JOBS_PAGE).optional().describe(`default 20, at most ${MAX_FAILED_JOBS_PAGE}`),
  offset: wholeNumber(0, 100_000_000).optional().describe("default 0"),
});

export const replayAllQuery = z.strictObject({
  limit: wholeNumber(1, MAX_FAILED_JOBS_REPLAY)
    .optional()
    .describe(`how many to replay in this call, default and at most ${MAX_FAILED_JOBS_REPLAY}`),
});

export const jobIdParams = z.object({ jobId: z.string().min(1).max(300) });

const failedJobBody = z.object({
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

export const failedJobsResponse = z.object({
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  jobs: z.array(failedJobBody).describe("most recently failed first; payloads are summarized, never returned"),
});
export const replayedJobResponse = z.object({ id: z.string(), state: z.literal("waiting") });
export const replayedJobsResponse = z.object({
  replayed: z.number().int(),
  remaining: z.number().int().describe("failed jobs still left (call again to replay more)"),
});

function toBody(job: FailedJobSummary): z.infer<typeof failedJobBody> {
  return {
    id: job.id,
    tenant_ids: job.tenantIds,
    event_count: job.eventCount,
    failed_reason: job.failedReason,
    attempts_made: job.attemptsMade,
    created_at: job.createdAt.toISOString(),
    processed_at: job.processedAt?.toISOString() ?? null,
    failed_at: job.failedAt?.toISOString() ?? null,
  };
}

/**
 * Runs a queue operation. Its failures are Redis being away or stalled (the producer connection fails fast), so they
 * answer 503 to come back from; the cause is logged in full.
 */
async function onQueue<T>(request: FastifyRequest, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof AppError) throw error;
    request.log.error({ err: error }, "usage queue operation failed");
    throw new AppError("unavailable", "the queue store (Redis) is unavailable; try again shortly", {
      retryAfterSeconds: 5,
    });
  }
}

/** Operator endpoints (operator keys only) for usage jobs that failed all their attempts: list, replay, discard. */
export function registerFailedJobs(app: FastifyInstance, deps: ApiDeps): void {
  const queue = deps.usageQueue.queue;

  app.get(FAILED_PATH, async (request) => {
    await requireOperatorKey(request, deps);
    const query = parseRequest(failedJobsQuery, request.query, "query");
    const page = { limit: query.limit ?? 20, offset: query.offset ?? 0 };
    const list = await onQueue(request, () => listFailedJobs(queue, page));
    const response: z.infer<typeof failedJobsResponse> = { total: list.total, ...page, jobs: list.jobs.map(toBody) };
    return response;
  });

  app.post(`${FAILED_PATH}/retry`, async (request, reply) => {
    await requireOperatorKey(request, deps);
    const query = parseRequest(replayAllQuery, request.query, "query");
    const response: z.infer<typeof replayedJobsResponse> = await onQueue(request, () =>
      replayFailedJobs(queue, query.limit),
    );
    return reply.status(202).send(response);
  });

  app.post(`${FAILED_PATH}/:jobId/retry`, async (request, reply) => {
    await requireOperatorKey(request, deps);
    const { jobId } = parseRequest(jobIdParams, request.params, "path");
    await onQueue(request, () => replayFailedJob(queue, jobId));
    const response: z.infer<typeof replayedJobResponse> = { id: jobId, state: "waiting" };
    return reply.status(202).send(response);
  });

  app.delete(`${FAILED_PATH}/:jobId`, async (request, reply) => {
    await requireOperatorKey(request, deps);
    const { jobId } = parseRequest(jobIdParams, request.params, "path");
    await onQueue(request, () => discardFailedJob(queue, jobId));
    return reply.status(204).send();
  });
}

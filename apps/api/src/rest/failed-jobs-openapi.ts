import {
  failedJobsQuery,
  failedJobsResponse,
  jobIdParams,
  replayAllQuery,
  replayedJobResponse,
  replayedJobsResponse,
} from "./failed-jobs.ts";
import { errors, json, parameters } from "./openapi-helpers.ts";

const REPLAY_IS_SAFE = "Replaying is safe: the worker records each event once, however often a batch is processed.";

/** OpenAPI entries of the failed usage jobs admin endpoints (admin scope). */
export function failedJobsOpenApiPaths() {
  return {
    "/v1/admin/queues/usage/failed": {
      get: {
        summary: "List usage jobs that failed all their attempts (admin scope)",
        parameters: parameters(failedJobsQuery, "query"),
        responses: {
          "200": { description: "failed jobs", content: json(failedJobsResponse) },
          ...errors(400, 401, 403, 503),
        },
      },
    },
    "/v1/admin/queues/usage/failed/retry": {
      post: {
        summary: "Replay failed usage jobs, oldest failure first, up to limit per call (admin scope)",
        description: REPLAY_IS_SAFE,
        parameters: parameters(replayAllQuery, "query"),
        responses: {
          "202": { description: "moved back to waiting", content: json(replayedJobsResponse) },
          ...errors(400, 401, 403, 503),
        },
      },
    },
    "/v1/admin/queues/usage/failed/{jobId}/retry": {
      post: {
        summary: "Replay one failed usage job with a fresh attempt budget (admin scope)",
        description: REPLAY_IS_SAFE,
        parameters: parameters(jobIdParams, "path"),
        responses: {
          "202": { description: "moved back to waiting", content: json(replayedJobResponse) },
          ...errors(401, 403, 404, 409, 503),
        },
      },
    },
    "/v1/admin/queues/usage/failed/{jobId}": {
      delete: {
        summary: "Discard one failed usage job for good; its events are not recorded (admin scope)",
        parameters: parameters(jobIdParams, "path"),
        responses: { "204": { description: "discarded" }, ...errors(401, 403, 404, 409, 503) },
      },
    },
  };
}

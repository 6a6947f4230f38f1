// The REST API's snake_case shape of a failed job (of any catalog queue).
import type { FailedJobSummary } from "../ports/failed-jobs.ts";

export function failedJobJson(job: FailedJobSummary) {
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

import type { PipelineHealth, Reachability, Section } from "@tollgate/use-cases/pipeline";
import type { PipelineHealthJson } from "../procedures/pipeline-health/pipeline-health-schemas.ts";
import { isoOrNull } from "./iso.ts";

function reachabilityJson(reach: Reachability): PipelineHealthJson["redis"] {
  return reach.reachable
    ? { reachable: true, round_trip_ms: reach.roundTripMs }
    : { reachable: false, error: reach.error };
}

function sectionJson<T, J>(part: Section<T>, toJson: (value: T) => J): { value: J | null; error: string | null } {
  return "error" in part ? { value: null, error: part.error } : { value: toJson(part.value), error: null };
}

/** The pipeline page's answer as the REST API writes it. */
export function pipelineHealthJson(health: PipelineHealth): PipelineHealthJson {
  return {
    checked_at: health.checkedAt.toISOString(),
    redis: reachabilityJson(health.redis),
    postgres: reachabilityJson(health.postgres),
    queues: sectionJson(health.queues, (queues) =>
      queues.map((queue) => ({
        key: queue.key,
        name: queue.name,
        counts: queue.counts,
        throughput: {
          last_minute: queue.throughput.lastMinute,
          last_5_minutes: queue.throughput.last5Minutes,
          lower_bound: queue.throughput.lowerBound,
        },
        oldest_waiting_at: isoOrNull(queue.oldestWaitingAt),
      })),
    ),
    lag: sectionJson(health.lag, (lag) => ({
      events: lag.events,
      p50_ms: lag.p50Ms,
      p99_ms: lag.p99Ms,
      oldest_waiting_usage_job_age_ms: lag.oldestWaitingUsageJobAgeMs,
    })),
    unrated: sectionJson(health.unrated, (unrated) => unrated),
    rating_sweep: sectionJson(health.ratingSweep, (sweep) => ({
      last_run: sweep.lastRun
        ? {
            finished_at: sweep.lastRun.finishedAt.toISOString(),
            outcome: sweep.lastRun.outcome,
            reason: sweep.lastRun.reason,
            failed_reason: sweep.lastRun.failedReason,
          }
        : null,
      running: sweep.running,
      waiting: sweep.waiting,
      next_run_at: isoOrNull(sweep.nextRunAt),
    })),
    reconciliation_runs: sectionJson(health.reconciliationRuns, (runs) =>
      runs.map((run) => ({
        id: run.id,
        status: run.status,
        started_at: run.startedAt,
        finished_at: run.finishedAt,
        tenants_checked: run.tenantsChecked,
        invoices_checked: run.invoicesChecked,
        findings_count: run.findingsCount,
        error: run.error,
      })),
    ),
  };
}

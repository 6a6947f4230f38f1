import type { BenchService } from "./bench-services.ts";
import { parseHistogram, type HistogramBuckets } from "./prometheus-histogram.ts";

async function metricsOf(service: BenchService): Promise<string> {
  const response = await fetch(`${service.url}/metrics`);
  if (!response.ok) throw new Error(`${service.name} /metrics: HTTP ${response.status.toString()}`);
  return response.text();
}

function counter(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})?\\s+(\\S+)`, "m").exec(text);
  return Number(match?.[1] ?? "0");
}

/**
 * What the workers have done so far, summed over the processes: events recorded, jobs, group commits (each one
 * transaction, or two for a job mixing locking and plain tenants), the lag histogram.
 */
export async function readWorkerTotals(
  workers: readonly BenchService[],
): Promise<{ recorded: number; jobs: number; groups: number; lag: HistogramBuckets }> {
  const texts = await Promise.all(workers.map(metricsOf));
  const lag: HistogramBuckets = new Map();
  let recorded = 0;
  let jobs = 0;
  let groups = 0;
  for (const text of texts) {
    // Inserted plus duplicates: every event of every completed job, so the count reaches what ingest accepted.
    recorded += counter(text, "worker_events_inserted_total") + counter(text, "worker_events_duplicate_total");
    jobs += counter(text, "worker_job_duration_seconds_count");
    groups += counter(text, "worker_usage_jobs_per_group_count");
    parseHistogram(text, "worker_ingest_to_ledger_lag_seconds", lag);
  }
  return { recorded, jobs, groups, lag };
}

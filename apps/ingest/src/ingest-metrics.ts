import { Counter, Gauge, type Registry } from "prom-client";
import type { IngestMetrics } from "./ingest-deps.ts";

export function createIngestMetrics(registry: Registry): IngestMetrics {
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  return {
    accepted: counter("ingest_events_accepted_total", "Events accepted and durably queued"),
    duplicates: counter(
      "ingest_events_duplicate_total",
      "Events repeating an id already in the request or in a concurrent request's job",
    ),
    rejected: counter("ingest_events_rejected_total", "Events rejected as invalid"),
    jobsStored: counter("ingest_jobs_stored_total", "Usage jobs stored in Redis (coalesced requests)"),
    throttled: new Counter({
      name: "ingest_requests_throttled_total",
      help: "Requests answered 429: tenant rate limit or queue backpressure",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    queueBacklog: new Gauge({
      name: "ingest_usage_queue_backlog_jobs",
      help: "Usage jobs waiting or delayed in Redis, as last read by this ingest instance",
      registers: [registry],
    }),
    reservations: new Counter({
      name: "ingest_limit_reservations_total",
      help: "Hard-limit reservations by outcome: allowed, budget_exceeded, model_unpriced",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
  };
}

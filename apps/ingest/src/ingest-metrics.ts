import { Counter, type Registry } from "prom-client";
import type { IngestMetrics } from "./ingest-deps.ts";

export function createIngestMetrics(registry: Registry): IngestMetrics {
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  return {
    accepted: counter("ingest_events_accepted_total", "Events accepted and durably queued"),
    duplicates: counter("ingest_events_duplicate_total", "Events repeated within one request"),
    rejected: counter("ingest_events_rejected_total", "Events rejected as invalid"),
  };
}

import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export interface WorkerMetrics {
  eventsInserted: Counter;
  eventsDuplicate: Counter;
  eventsUnrated: Counter;
  eventsRerated: Counter;
  creditGrantsExpired: Counter;
  commitmentTrueUps: Counter;
  invoicesFinalized: Counter;
  creditForecastAlerts: Counter;
  analyticsDaysRefreshed: Counter;
  jobDuration: Histogram;
  jobsPerGroup: Histogram;
  ingestToLedgerLag: Histogram;
  webhookDeliveries: Counter<"result">;
  reconciliationDriftFindings: Gauge<"check">;
  reconciliationRuns: Counter<"status">;
  reconciliationLastRun: Gauge;
}

export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  return {
    eventsInserted: new Counter({
      name: "worker_events_inserted_total",
      help: "Events written to the ledger",
      registers: [registry],
    }),
    eventsDuplicate: new Counter({
      name: "worker_events_duplicate_total",
      help: "Events skipped because their (tenant, id) was already recorded",
      registers: [registry],
    }),
    eventsUnrated: new Counter({
      name: "worker_events_unrated_total",
      help: "Events stored without a price",
      registers: [registry],
    }),
    eventsRerated: new Counter({
      name: "worker_events_rerated_total",
      help: "Events stored unrated that a rating sweep has since rated",
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: "worker_webhook_deliveries_total",
      help: "Webhook delivery attempts by result: succeeded, retrying (failed, retried later), failed (no retry left), skipped",
      labelNames: ["result"],
      registers: [registry],
    }),
    creditGrantsExpired: new Counter({
      name: "worker_credit_grants_expired_total",
      help: "Credit grants whose unused balance was booked as expired",
      registers: [registry],
    }),
    commitmentTrueUps: new Counter({
      name: "worker_commitment_true_ups_total",
      help: "Minimum-commitment true-ups booked for closed months",
      registers: [registry],
    }),
    invoicesFinalized: new Counter({
      name: "worker_invoices_finalized_total",
      help: "Invoices finalized by scheduled period closes",
      registers: [registry],
    }),
    creditForecastAlerts: new Counter({
      name: "worker_credit_forecast_alerts_total",
      help: "credit.depletion_forecast alerts written by the credit-forecast scan",
      registers: [registry],
    }),
    analyticsDaysRefreshed: new Counter({
      name: "worker_analytics_days_refreshed_total",
      help: "UTC days recomputed in the cross-tenant analytics rollups by the analytics refresh",
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: "worker_job_duration_seconds",
      help: "Usage job processing time",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobsPerGroup: new Histogram({
      name: "worker_usage_jobs_per_group",
      help: "Usage jobs recorded together in one group commit",
      buckets: [1, 2, 3, 4, 6, 8, 12, 16, 32],
      registers: [registry],
    }),
    ingestToLedgerLag: new Histogram({
      name: "worker_ingest_to_ledger_lag_seconds",
      help: "Time from ingest acceptance to ledger commit",
      // Finer around the 1 s target, so a p99 read from the buckets is not an interpolation across 0.5–1 s.
      buckets: [0.01, 0.025, 0.05, 0.1, 0.175, 0.25, 0.375, 0.5, 0.75, 1, 1.5, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    reconciliationDriftFindings: new Gauge({
      name: "tollgate_reconciliation_drift_findings",
      help: "Findings of the last reconciliation run, by check (0: no drift)",
      labelNames: ["check"] as const,
      registers: [registry],
    }),
    reconciliationRuns: new Counter({
      name: "tollgate_reconciliation_runs_total",
      help: "Reconciliation runs by outcome (clean, drift, failed)",
      labelNames: ["status"] as const,
      registers: [registry],
    }),
    reconciliationLastRun: new Gauge({
      name: "tollgate_reconciliation_last_run_timestamp_seconds",
      help: "When the last reconciliation run finished (clean or drift), Unix seconds",
      registers: [registry],
    }),
  };
}

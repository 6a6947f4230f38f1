import { commonEnvSchema, httpTimeoutsEnvSchema, parseEnv, portSchema } from "@tollgate/http";
import { invoiceIssuerEnvSchema } from "@tollgate/use-cases/invoices";
import { z } from "zod";

const booleanString = z.enum(["true", "false"]).transform((value) => value === "true");

// The HTTP timeouts (metrics server) are the same variables in every service (packages/http).
const workerEnvSchema = commonEnvSchema
  .extend(httpTimeoutsEnvSchema.shape)
  .extend(invoiceIssuerEnvSchema.shape)
  .extend({
    /**
     * Usage jobs taken from the queue at once per process. Those beyond WORKER_TRANSACTIONS wait for a free
     * transaction and are then recorded together (group commit).
     */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(16),
    /** Usage transactions at once per process; each holds one Postgres connection while it runs. */
    WORKER_TRANSACTIONS: z.coerce.number().int().min(1).max(64).default(4),
    /** The most events one group commit takes (a single larger job still runs, alone). */
    WORKER_GROUP_MAX_EVENTS: z.coerce.number().int().min(1).default(20_000),
    WORKER_METRICS_PORT: portSchema.default(4100),
    WORKER_HOST: z.string().min(1).default("0.0.0.0"),
    /** How long a job's lock lives without renewal: a crashed worker's jobs are recovered after about this long. */
    WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1000).default(30_000),
    /** How often workers look for jobs whose lock expired (crashed holders) and put them back in the queue. */
    WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
    /**
     * How often one job may be recovered from a crashed worker before it is failed. BullMQ's default of 1 would fail
     * (and so drop from the ledger until replayed) a job whose worker was killed twice, e.g. by two rolling restarts.
     */
    WORKER_MAX_STALLED_COUNT: z.coerce.number().int().min(1).default(10),
    /**
     * How old the in-memory model catalog (aliases, provider cost rates) may get before a job reloads it. A catalog
     * change reaches rating within this time; events left unrated meanwhile are rated by the rating sweep.
     */
    WORKER_CATALOG_MAX_AGE_MS: z.coerce.number().int().min(0).default(30_000),
    /**
     * How often a rating sweep runs on schedule: it rates events stored unrated whose price has since appeared and
     * expires credit grants past their expiry. Changes through the admin API request a sweep at once; this is the
     * backstop for the rest (prices:sync, direct SQL, requests lost while Redis was away).
     */
    WORKER_RATING_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
    /**
     * How often the billing-close scan looks for tenants whose period has ended and passed its grace period; each is
     * then finalized by its own job. A period is finalized at most this long after its grace ends.
     */
    WORKER_BILLING_CLOSE_INTERVAL_MS: z.coerce.number().int().min(1000).default(300_000),
    /**
     * How often the credit-forecast scan checks the tenants that set low_credit_alert_days and alerts those whose
     * credit is projected to run out within that many days. Default hourly (the run rate moves by the day).
     */
    WORKER_CREDIT_FORECAST_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
    /**
     * How often the analytics refresh recomputes the cross-tenant rollups (usage_rollups_global_daily, per-tenant
     * weeks) for the days changed since the last one: the operators' analytics are at most about this much behind.
     */
    WORKER_ANALYTICS_REFRESH_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
    /** Tenant closes at once per process; each holds a Postgres connection for its transaction. */
    WORKER_BILLING_CLOSE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
    /**
     * Webhook destinations on private, loopback and link-local networks (and plain http). Off by default (SSRF);
     * for development and tests. Must match apps/api's setting, which checks URLs when endpoints are saved.
     */
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanString.default(false),
    /** Attempts per webhook delivery, the first included; with the backoff below, 10 span about a day. */
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
    /** The first retry's delay; each later retry doubles it (3 min → 12.8 h for the 9th retry). */
    WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).default(180_000),
    /** One attempt's limit: connect, send, response. */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** An endpoint whose deliveries fail without a success for this many days is disabled and the tenant alerted. */
    WEBHOOK_DISABLE_AFTER_DAYS: z.coerce.number().min(0.0001).default(3),
    /**
     * How often the aggregate outbox is checked for increments a job committed but did not apply (the worker stopped
     * in between): daily rollups and task totals are at most about this much behind after a crash.
     */
    WORKER_AGGREGATE_DRAIN_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    /** How often the outbox relay looks for new webhook events. */
    WEBHOOK_RELAY_INTERVAL_MS: z.coerce.number().int().min(10).max(1000).default(500),
    /** Webhook deliveries in flight at once per process. */
    WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    /**
     * How often the billing reconciliation runs (ledger vs events, ledger vs period totals, invoices vs ledger);
     * drift shows in its findings, the worker's metrics and an error log line. Default every 6 hours.
     */
    WORKER_RECONCILIATION_INTERVAL_MS: z.coerce.number().int().min(1000).default(21_600_000),
    /** Billing periods checked before the current one. */
    WORKER_RECONCILIATION_PREVIOUS_PERIODS: z.coerce.number().int().min(0).max(24).default(2),
    /** Tenants whose events one run sums (the costly check); the next run continues after the last one. */
    WORKER_RECONCILIATION_EVENT_TENANTS: z.coerce.number().int().min(1).default(2000),
  });
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  return parseEnv(workerEnvSchema, source, "worker");
}

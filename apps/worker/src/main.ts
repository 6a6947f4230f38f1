import { createDbClient } from "@tollgate/db";
import { createMetricsRegistry, onShutdownSignal } from "@tollgate/http";
import { invoiceIssuerFromEnv } from "@tollgate/use-cases/invoices";
import { createRedis, createSpendLimits } from "@tollgate/queues";
import pg from "pg";
import { loadWorkerEnv } from "./env.ts";
import { buildMetricsServer } from "./metrics-server.ts";
import { CatalogCache } from "./store/catalog-cache.ts";
import { startBillingCloseWorker } from "./jobs/billing-close-worker.ts";
import { startCreditForecastWorker } from "./jobs/credit-forecast-worker.ts";
import { startAnalyticsRefreshWorker } from "./jobs/analytics-refresh-worker.ts";
import { startAggregateOutboxDrain } from "./jobs/deferred-aggregates.ts";
import { startPlanSimulationWorker } from "./jobs/plan-simulation-worker.ts";
import { startRatingSweepWorker } from "./jobs/rating-sweep-worker.ts";
import { startReconciliationWorker } from "./jobs/reconciliation-worker.ts";
import { startUsageWorker } from "./jobs/usage-worker.ts";
import { startWebhookWorker } from "./jobs/webhook-delivery-worker.ts";
import { createWorkerMetrics } from "./worker-metrics.ts";

const env = loadWorkerEnv();
// One connection per usage transaction, one for the rating sweep, two for webhooks (relay, attempts: each holds
// one only around its short statements, never while waiting on a receiver), one for the aggregate outbox drain, one
// spare (health checks), and three for a plan simulation (two rating lanes, one for its progress).
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.WORKER_TRANSACTIONS + 8 });
// An idle pooled connection that Postgres drops is discarded by the pool; without this listener its 'error' event
// would crash the worker.
pool.on("error", (error) => {
  http.log.warn({ err: error }, "idle Postgres connection lost");
});
// pg-pool removes its own listener while a client is checked out, before the job's code can add one; a backend
// terminated in that gap (its error arrives in the same read as the connection's ReadyForQuery) would emit 'error'
// with no listener and crash the process. This permanent listener closes the gap; the job still sees the failure
// as a rejected query and retries.
pool.on("connect", (client) => {
  client.on("error", (error) => {
    http.log.warn({ err: error }, "Postgres connection lost");
  });
});
// Prisma for the use cases the worker runs (billing closes, one reconciliation run, one credit-forecast scan); the
// usage path keeps its own pg pool.
const db = createDbClient(env.DATABASE_URL, { maxConnections: env.WORKER_BILLING_CLOSE_CONCURRENCY + 3 });
const redis = createRedis(env.REDIS_URL, "worker");
const registry = createMetricsRegistry("worker");

const http = buildMetricsServer({
  logLevel: env.LOG_LEVEL,
  registry,
  readiness: {
    postgres: async () => {
      await pool.query("SELECT 1");
    },
    redis: async () => {
      await redis.ping();
    },
  },
  httpTimeouts: env,
});

const metrics = createWorkerMetrics(registry);
const limits = createSpendLimits(redis, env.QUEUE_PREFIX);
const catalog = new CatalogCache(env.WORKER_CATALOG_MAX_AGE_MS);
const worker = startUsageWorker({
  pool,
  connection: redis,
  prefix: env.QUEUE_PREFIX,
  concurrency: env.WORKER_CONCURRENCY,
  transactions: env.WORKER_TRANSACTIONS,
  groupMaxEvents: env.WORKER_GROUP_MAX_EVENTS,
  lockDurationMs: env.WORKER_LOCK_DURATION_MS,
  stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
  maxStalledCount: env.WORKER_MAX_STALLED_COUNT,
  metrics,
  catalog,
  limits,
});
worker.on("failed", (job, error) => {
  http.log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error }, "usage job failed");
});
worker.on("error", (error) => {
  http.log.error({ err: error }, "worker error");
});

// Daily rollups and task totals a job committed but did not apply because the worker stopped in between.
const aggregateDrain = startAggregateOutboxDrain({
  pool,
  intervalMs: env.WORKER_AGGREGATE_DRAIN_INTERVAL_MS,
  onApplied: (count) => {
    http.log.warn({ count }, "applied aggregate increments a stopped worker left behind");
  },
  onError: (error) => {
    http.log.error({ err: error }, "aggregate outbox drain error");
  },
});

const sweeps = startRatingSweepWorker({
  pool,
  connection: redis,
  prefix: env.QUEUE_PREFIX,
  intervalMs: env.WORKER_RATING_SWEEP_INTERVAL_MS,
  lockDurationMs: env.WORKER_LOCK_DURATION_MS,
  stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
  metrics,
  limits,
});
sweeps.scheduled.catch((error: unknown) => {
  http.log.error({ err: error }, "rating sweep schedule not registered; sweeps run only when requested");
});
sweeps.worker.on("failed", (job, error) => {
  http.log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error }, "rating sweep failed");
});
sweeps.worker.on("error", (error) => {
  http.log.error({ err: error }, "rating sweep worker error");
});

const closes = startBillingCloseWorker({
  db,
  connection: redis,
  prefix: env.QUEUE_PREFIX,
  issuer: invoiceIssuerFromEnv(env),
  intervalMs: env.WORKER_BILLING_CLOSE_INTERVAL_MS,
  concurrency: env.WORKER_BILLING_CLOSE_CONCURRENCY,
  lockDurationMs: env.WORKER_LOCK_DURATION_MS,
  stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
  metrics,
});
closes.scheduled.catch((error: unknown) => {
  http.log.error({ err: error }, "billing close schedule not registered; periods close only when asked");
});
closes.worker.on("failed", (job, error) => {
  http.log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error }, "billing close failed");
});
closes.worker.on("error", (error) => {
  http.log.error({ err: error }, "billing close worker error");
});

const forecasts = startCreditForecastWorker({
  db,
  connection: redis,
  prefix: env.QUEUE_PREFIX,
  intervalMs: env.WORKER_CREDIT_FORECAST_INTERVAL_MS,
  lockDurationMs: env.WORKER_LOCK_DURATION_MS,
  stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
  metrics,
});
forecasts.scheduled.catch((error: unknown) => {
  http.log.error({ err: error }, "credit forecast schedule not registered; low-credit forecast alerts are not sent");
});
forecasts.worker.on("failed", (job, error) => {
  http.log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error }, "credit forecast scan failed");
});
forecasts.worker.on("error", (error) => {
  http.log.error({ err: error }, "credit forecast worker error");
});

const analytics = startAnalyticsRefreshWorker({
  db,
  connection: redis,
  prefix: env.QUEUE_PREFIX,
  intervalMs: env.WORKER_ANALYTICS_REFRESH_INTERVAL_MS,
  lockDurationMs: env.WORKER_LOCK_DURATION_MS,
  stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
  metrics,
});
analytics.scheduled.catch((error: unknown) => {
  http.log.error({ err: error }, "analytics refresh schedule not registered; operator analytics stop updating");
});
analytics.worker.on("failed", (job, error) => {
  http.log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error }, "analytics refresh failed");
});
analytics.worker.on("error", (error) => {
  http.log.error({ err: error }, "analytics refresh worker error");
});

const webhooks = startWebhookWorker({
  pool,
  connection: redis,
  prefix: env.QUEUE_PREFIX,
  policy: { allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS },
  timeoutMs: env.WEBHOOK_TIMEOUT_MS,
  disableAfterMs: env.WEBHOOK_DISABLE_AFTER_DAYS * 86_400_000,
  retry: { attempts: env.WEBHOOK_MAX_ATTEMPTS, backoffMs: env.WEBHOOK_BACKOFF_MS },
  relayIntervalMs: env.WEBHOOK_RELAY_INTERVAL_MS,
  concurrency: env.WEBHOOK_CONCURRENCY,
  lockDurationMs: env.WORKER_LOCK_DURATION_MS,
  stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
  maxStalledCount: env.WORKER_MAX_STALLED_COUNT,
  metrics,
  onError: (error) => {
    http.log.error({ err: error }, "webhook relay or delivery error");
  },
});
const reconciliation = startReconciliationWorker({
  db,
  connection: redis,
  prefix: env.QUEUE_PREFIX,
  intervalMs: env.WORKER_RECONCILIATION_INTERVAL_MS,
  lockDurationMs: env.WORKER_LOCK_DURATION_MS,
  stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
  metrics,
  log: http.log,
  reconciliation: {
    previousPeriods: env.WORKER_RECONCILIATION_PREVIOUS_PERIODS,
    eventTenantsPerRun: env.WORKER_RECONCILIATION_EVENT_TENANTS,
  },
});
reconciliation.scheduled.catch((error: unknown) => {
  http.log.error({ err: error }, "reconciliation schedule not registered; billing drift goes unchecked");
});
reconciliation.worker.on("failed", (job, error) => {
  http.log.error({ jobId: job?.id, attempts: job?.attemptsMade, err: error }, "reconciliation run failed");
});
reconciliation.worker.on("error", (error) => {
  http.log.error({ err: error }, "reconciliation worker error");
});

const simulations = startPlanSimulationWorker({
  pool,
  connection: redis,
  prefix: env.QUEUE_PREFIX,
  catalog,
  lockDurationMs: env.WORKER_LOCK_DURATION_MS,
  stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
});
simulations.worker.on("failed", (job, error) => {
  http.log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error }, "plan simulation failed");
});
simulations.worker.on("error", (error) => {
  http.log.error({ err: error }, "plan simulation worker error");
});

onShutdownSignal(
  async () => {
    // close() waits for active jobs to finish; unfinished ones would be returned to the queue by their lock expiring.
    await Promise.all([
      worker.close(),
      sweeps.close(),
      closes.close(),
      forecasts.close(),
      analytics.close(),
      webhooks.close(),
      reconciliation.close(),
      simulations.close(),
    ]);
    // After the usage worker: a job finishing during shutdown applies its own increments first.
    await aggregateDrain.close();
    await http.close();
    redis.disconnect();
    await pool.end();
    await db.$disconnect();
  },
  (message) => {
    http.log.info(message);
  },
);

await http.listen({ host: env.WORKER_HOST, port: env.WORKER_METRICS_PORT });
http.log.info(
  {
    concurrency: env.WORKER_CONCURRENCY,
    transactions: env.WORKER_TRANSACTIONS,
    ratingSweepIntervalMs: env.WORKER_RATING_SWEEP_INTERVAL_MS,
    reconciliationIntervalMs: env.WORKER_RECONCILIATION_INTERVAL_MS,
    creditForecastIntervalMs: env.WORKER_CREDIT_FORECAST_INTERVAL_MS,
    analyticsRefreshIntervalMs: env.WORKER_ANALYTICS_REFRESH_INTERVAL_MS,
  },
  "usage, rating sweep, billing close, credit forecast, analytics, webhook, reconciliation and plan simulation workers started",
);

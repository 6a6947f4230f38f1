import type { DefaultJobOptions } from "bullmq";
import { z } from "zod";
import { usageJobPayloadSchema } from "./usage-job-schema.ts";
import { parseUsageJobPayload } from "./usage-payload.ts";

/**
 * Asks a worker to rate events stored unrated (their model or tenant had no price when they arrived). Sent on a
 * schedule and after price changes; the work is idempotent, so duplicates and retries are harmless.
 */
export const ratingSweepPayloadSchema = z.object({
  reason: z.enum(["schedule", "price_change"]),
  /** Only this tenant's events; all tenants when absent. */
  tenantId: z.uuid().optional(),
});

/**
 * Closes billing periods: a `scan` (on a schedule) finds the tenants whose open period is due and enqueues one
 * `tenant` job each, which finalizes that tenant's due periods. Closes are idempotent in Postgres (the tenant's
 * billed_through under its locks), so a duplicate or recovered job writes nothing twice.
 */
export const billingClosePayloadSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("scan") }),
  z.object({ kind: z.literal("tenant"), tenantId: z.uuid() }),
]);

/**
 * Delivers one webhook event to one endpoint (one attempt per try). References only: the worker loads the endpoint's
 * URL and secret from Postgres when it sends, so neither sits in Redis.
 */
export const webhookDeliveryPayloadSchema = z.object({
  tenantId: z.uuid(),
  /** With endpointId, names the delivery row (the relay may recreate the row after a crash; the pair stays). */
  eventId: z.uuid(),
  endpointId: z.uuid(),
  /** An operator's redelivery: sent even if an earlier attempt succeeded. */
  manual: z.boolean(),
});

/**
 * Runs the billing reconciliation (ledger vs events, ledger vs period totals, invoices vs ledger) on a schedule.
 * A run only reads and records its findings, so a duplicate or recovered run is harmless.
 */
export const reconciliationPayloadSchema = z.object({ reason: z.enum(["schedule", "manual"]) });

/**
 * Looks for tenants whose credit is projected to run out within the days they set (low_credit_alert_days) and
 * alerts them. A scan writes each alert once (unique dedupe key), so a duplicate or recovered scan is harmless.
 */
export const creditForecastPayloadSchema = z.object({ reason: z.enum(["schedule", "manual"]) });

/**
 * Rates real usage under a draft plan version (planSimulations.start). References only: the simulation row holds the
 * draft's snapshot, scope and window. Results are written once per tenant, so a retried job only finishes the rest.
 */
export const planSimulationPayloadSchema = z.object({ simulationId: z.uuid() });

/**
 * Recomputes the cross-tenant analytics rollups for the days changed since the last refresh. A refresh recomputes
 * (never increments) and holds a watermark row, so a duplicate or recovered run is harmless.
 */
export const analyticsRefreshPayloadSchema = z.object({ reason: z.enum(["schedule", "manual"]) });

/**
 * The queue catalog: every queue's name, payload schema and default job options, in one place.
 * Producers and consumers are typed from it (the parsed, normalized shape); consumers validate payloads against it.
 * Payloads carry references (tenant and key ids), never secrets.
 */
export const queueCatalog = {
  usage: {
    name: "usage-events",
    schema: usageJobPayloadSchema,
    /** Same result as schema.safeParse, faster for the plain events ingest writes. */
    parsePayload: parseUsageJobPayload,
    defaultJobOptions: {
      attempts: 12,
      // 0.5 s doubling, capped by attempts: rides out a Postgres restart of several minutes.
      backoff: { type: "exponential", delay: 500 },
      // A completed job keeps its payload (320 bytes per event: 1.3 MB for 4,000) and Redis runs noeviction, so
      // keeping 100,000 could take 130 GB. Its id only has to outlive a producer's retry of the same add (seconds).
      removeOnComplete: { age: 3600, count: 1000 },
      // Failed jobs stay until an operator replays or discards them.
      removeOnFail: false,
    } satisfies DefaultJobOptions,
  },
  ratingSweep: {
    name: "rating-sweep",
    schema: ratingSweepPayloadSchema,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: "exponential", delay: 1000 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 1000 },
    } satisfies DefaultJobOptions,
  },
  billingClose: {
    name: "billing-closes",
    schema: billingClosePayloadSchema,
    defaultJobOptions: {
      attempts: 10,
      // 2 s doubling: about half an hour of retries for a database that is away.
      backoff: { type: "exponential", delay: 2000 },
      // Kept a day, so a scan that runs again while the period's close is done finds its id and adds nothing.
      removeOnComplete: { age: 86_400, count: 100_000 },
      removeOnFail: { count: 10_000 },
    } satisfies DefaultJobOptions,
  },
  webhookDelivery: {
    name: "webhook-deliveries",
    schema: webhookDeliveryPayloadSchema,
    defaultJobOptions: {
      // The worker's relay sets attempts and backoff from its env (WEBHOOK_MAX_ATTEMPTS, WEBHOOK_BACKOFF_MS); these
      // apply to jobs added elsewhere (a manual redelivery from apps/api: one attempt, its result shown in the log).
      attempts: 1,
      backoff: { type: "exponential", delay: 180_000 },
      // Kept a day so a relay that re-adds a job after a crash finds the id taken; the delivery row's status is the
      // authority beyond that (a succeeded delivery is never sent again automatically).
      removeOnComplete: { age: 86_400, count: 10_000 },
      removeOnFail: { age: 7 * 86_400, count: 10_000 },
    } satisfies DefaultJobOptions,
  },
  reconciliation: {
    name: "reconciliation",
    schema: reconciliationPayloadSchema,
    defaultJobOptions: {
      // A failed run is recorded as failed; the next scheduled one checks everything again.
      attempts: 3,
      backoff: { type: "exponential", delay: 5000 },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 100 },
    } satisfies DefaultJobOptions,
  },
  creditForecast: {
    name: "credit-forecasts",
    schema: creditForecastPayloadSchema,
    defaultJobOptions: {
      // The next scheduled scan checks every tenant again; retries only ride out a short outage.
      attempts: 3,
      backoff: { type: "exponential", delay: 5000 },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 100 },
    } satisfies DefaultJobOptions,
  },
  planSimulation: {
    name: "plan-simulations",
    schema: planSimulationPayloadSchema,
    defaultJobOptions: {
      // A job resumes where it stopped (the tenants with results are skipped); a run that fails all attempts is
      // marked failed on the simulation row.
      attempts: 3,
      backoff: { type: "exponential", delay: 5000 },
      removeOnComplete: { age: 86_400, count: 1000 },
      removeOnFail: { age: 7 * 86_400, count: 1000 },
    } satisfies DefaultJobOptions,
  },
  analyticsRefresh: {
    name: "analytics-refresh",
    schema: analyticsRefreshPayloadSchema,
    defaultJobOptions: {
      // The next scheduled refresh picks up whatever this one missed (its watermark did not move).
      attempts: 3,
      backoff: { type: "exponential", delay: 5000 },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 100 },
    } satisfies DefaultJobOptions,
  },
} as const;

export type QueueKey = keyof typeof queueCatalog;
export type QueuePayload<K extends QueueKey> = z.output<(typeof queueCatalog)[K]["schema"]>;

/** Every catalog queue's key, in catalog order (what operators name a queue by: `/v1/admin/queues/{queue}/…`). */
export const queueKeys = Object.keys(queueCatalog) as [QueueKey, ...QueueKey[]];

export function isQueueKey(value: string): value is QueueKey {
  return Object.hasOwn(queueCatalog, value);
}

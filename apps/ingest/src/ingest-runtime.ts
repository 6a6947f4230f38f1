import { type DbOrTx } from "@tollgate/db";
import { createApiKeyAuthenticator, createApiKeyUsageRecorder } from "@tollgate/use-cases/api-keys";
import { createIngestMappingLookup } from "@tollgate/use-cases/ingest-mappings";
import type { HttpTimeoutsEnv, ReadinessCheck } from "@tollgate/http";
import {
  createSpendLimits,
  createTypedQueue,
  readQueueBacklog,
  subscribeApiKeyRevocations,
  type Redis,
  type TypedQueue,
} from "@tollgate/queues";
import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import { UsageJobCoalescer } from "./coalescing/usage-job-coalescer.ts";
import { createIngestMetrics } from "./ingest-metrics.ts";
import { createReservationTermsCache } from "./limits/reservation-terms-cache.ts";
import { startQueueBacklogMonitor, type QueueBacklogMonitor } from "./limits/queue-backlog-monitor.ts";
import { createTenantRateLimiter } from "./limits/tenant-rate-limiter.ts";
import { buildIngestServer } from "./server.ts";

export interface IngestSettings {
  coalesceMaxDelayMs: number;
  coalesceMaxEvents: number;
  rateLimitEvents: number;
  /** The rate limit's window; 1 s in production (events per second). */
  rateLimitWindowMs?: number;
  maxQueueBacklog: number;
  queuePollMs: number;
  keyCacheTtlMs?: number;
  /** How long a tenant's compatibility mappings are reused (default 5 s). */
  mappingCacheTtlMs?: number;
  /** How long a (tenant, model)'s plan, override and budgets are reused by reservations (default 2 s). */
  reservationTermsTtlMs?: number;
  operatorKey?: string | undefined;
}

export interface IngestRuntimeOptions {
  db: DbOrTx;
  /** The producer connection (fails fast): queue, rate limit, backlog reads. */
  redis: Redis;
  /** A dedicated connection for revocation pushes. */
  subscriber: Redis;
  prefix: string;
  settings: IngestSettings;
  registry: Registry;
  readiness: Record<string, ReadinessCheck>;
  logLevel: string;
  httpTimeouts?: HttpTimeoutsEnv;
}

export interface IngestRuntime {
  app: FastifyInstance;
  usageQueue: TypedQueue<"usage">;
  coalescer: UsageJobCoalescer;
  backlog: QueueBacklogMonitor;
  /** Stops accepting, stores what was accepted, then releases the queue (connections stay with their owner). */
  close(): Promise<void>;
}

/** Wires the ingest server to its Redis and Postgres; main.ts and the tests both start ingest through this. */
export async function startIngestRuntime(options: IngestRuntimeOptions): Promise<IngestRuntime> {
  const { settings } = options;
  const metrics = createIngestMetrics(options.registry);
  const usageQueue = createTypedQueue("usage", options.redis, options.prefix);
  // Keys' last use is written in batches, never once per request on this hot path.
  const keyUsage = createApiKeyUsageRecorder(options.db, {
    onError: (error) => {
      app.log.warn({ err: error }, "recording API keys' last use failed; retried at the next flush");
    },
  });
  const authenticate = createApiKeyAuthenticator(options.db, {
    operatorKey: settings.operatorKey,
    ttlMs: settings.keyCacheTtlMs,
    usage: keyUsage,
  });
  const revocations = await subscribeApiKeyRevocations(options.subscriber, options.prefix, {
    onRevoked: (keyId) => {
      authenticate.evictKey(keyId);
    },
    onResubscribed: () => {
      authenticate.clear();
    },
  });
  const coalescer = new UsageJobCoalescer(
    async (jobId, payload) => {
      await usageQueue.add(jobId, payload);
      metrics.jobsStored.inc();
    },
    { maxDelayMs: settings.coalesceMaxDelayMs, maxEvents: settings.coalesceMaxEvents },
  );
  const backlog = startQueueBacklogMonitor({
    read: () => readQueueBacklog(usageQueue.queue),
    maxJobs: settings.maxQueueBacklog,
    intervalMs: settings.queuePollMs,
    gauge: metrics.queueBacklog,
  });
  const app = buildIngestServer({
    authenticate,
    mappings: createIngestMappingLookup(options.db, { ttlMs: settings.mappingCacheTtlMs }),
    coalescer,
    rateLimiter: createTenantRateLimiter(options.redis, options.prefix, {
      eventsPerWindow: settings.rateLimitEvents,
      windowMs: settings.rateLimitWindowMs,
    }),
    backlog,
    reservationTerms: createReservationTermsCache(options.db, {
      termsTtlMs: settings.reservationTermsTtlMs ?? 2000,
      catalogTtlMs: 60_000,
    }),
    spendLimits: createSpendLimits(options.redis, options.prefix),
    registry: options.registry,
    metrics,
    readiness: options.readiness,
    logLevel: options.logLevel,
    httpTimeouts: options.httpTimeouts,
  });
  return {
    app,
    usageQueue,
    coalescer,
    backlog,
    async close() {
      // Requests in flight wait for their batches, so the coalescer is flushed while the server drains them.
      await Promise.all([app.close(), coalescer.close()]);
      backlog.stop();
      await revocations.close().catch(() => undefined);
      await keyUsage.close().catch((error: unknown) => {
        app.log.warn({ err: error }, "recording API keys' last use failed at shutdown");
      });
      await usageQueue.close();
    },
  };
}

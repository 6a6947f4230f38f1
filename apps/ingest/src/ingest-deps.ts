import type { ApiKeyAuthenticator } from "@tollgate/use-cases/api-keys";
import type { IngestMappingLookup } from "@tollgate/use-cases/ingest-mappings";
import type { HttpTimeoutsEnv, ReadinessCheck } from "@tollgate/http";
import type { SpendLimits } from "@tollgate/queues";
import type { Counter, Gauge, Registry } from "prom-client";
import type { UsageJobCoalescer } from "./coalescing/usage-job-coalescer.ts";
import type { QueueBacklogMonitor } from "./limits/queue-backlog-monitor.ts";
import type { ReservationTermsCache } from "./limits/reservation-terms-cache.ts";
import type { TenantRateLimiter } from "./limits/tenant-rate-limiter.ts";

export interface IngestMetrics {
  accepted: Counter;
  duplicates: Counter;
  rejected: Counter;
  jobsStored: Counter;
  throttled: Counter<"reason">;
  queueBacklog: Gauge;
  reservations: Counter<"outcome">;
}

/** Everything the ingest HTTP server needs, injected so tests run it against their own database and Redis prefix. */
export interface IngestDeps {
  authenticate: ApiKeyAuthenticator;
  /** The tenant's Lago / Stripe mappings for the compatibility endpoints (cached). */
  mappings: IngestMappingLookup;
  coalescer: UsageJobCoalescer;
  rateLimiter: TenantRateLimiter;
  backlog: Pick<QueueBacklogMonitor, "overLimit">;
  /** Hard limits: the plan, override and budgets a reservation is priced with (cached) and the Redis holds. */
  reservationTerms: ReservationTermsCache;
  spendLimits: SpendLimits;
  registry: Registry;
  metrics: IngestMetrics;
  readiness: Record<string, ReadinessCheck>;
  logLevel: string;
  /** Request, headers, connection and keep-alive timeouts (from env.ts; the defaults when absent). */
  httpTimeouts?: HttpTimeoutsEnv;
}

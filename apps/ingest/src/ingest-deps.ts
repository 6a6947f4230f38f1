import type { ApiKeyAuthenticator } from "@tollgate/db";
import type { ReadinessCheck } from "@tollgate/http";
import type { TypedQueue } from "@tollgate/queues";
import type { Counter, Registry } from "prom-client";

export interface IngestMetrics {
  accepted: Counter;
  duplicates: Counter;
  rejected: Counter;
}

/** Everything the ingest HTTP server needs, injected so tests run it against their own database and Redis prefix. */
export interface IngestDeps {
  authenticate: ApiKeyAuthenticator;
  usageQueue: TypedQueue<"usage">;
  registry: Registry;
  metrics: IngestMetrics;
  readiness: Record<string, ReadinessCheck>;
  logLevel: string;
}

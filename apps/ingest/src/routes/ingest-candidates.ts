import { AppError } from "@tollgate/domain";
import type { FastifyBaseLogger } from "fastify";
import type { IngestDeps } from "../ingest-deps.ts";
import { acceptCandidates, type EventCandidate, type EventRejection } from "./accept-events.ts";
import { failingAs } from "./dependency-guard.ts";
import type { IngestKey } from "./ingest-key.ts";

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  rejected: EventRejection[];
}

/**
 * The one path from events to the queue, shared by /v1/events and the compatibility endpoints: backpressure, the
 * tenant's rate limit, per-event validation, then coalescing into jobs. Resolves once every accepted event is stored
 * in Redis; throws bad_request (with the rejections) when no event is valid.
 */
export async function ingestCandidates(
  deps: IngestDeps,
  log: FastifyBaseLogger,
  key: IngestKey,
  candidates: readonly EventCandidate[],
): Promise<IngestOutcome> {
  if (deps.backlog.overLimit()) {
    deps.metrics.throttled.inc({ reason: "backpressure" });
    throw new AppError("rate_limited", "the usage queue is backed up; retry later", { retryAfterSeconds: 1 });
  }
  const rate = await failingAs("redis", () => deps.rateLimiter.consume(key.tenantId, candidates.length), log);
  if (!rate.allowed) {
    deps.metrics.throttled.inc({ reason: "tenant_rate_limit" });
    throw new AppError("rate_limited", "this tenant's event rate limit is exceeded; retry later", {
      retryAfterSeconds: rate.retryAfterSeconds,
    });
  }

  const batch = acceptCandidates(candidates, new Date());
  deps.metrics.rejected.inc(batch.rejected.length);
  if (batch.accepted.length === 0 && batch.duplicates === 0) {
    throw new AppError("bad_request", "no valid event in the request", { rejected: batch.rejected });
  }
  const queued =
    batch.accepted.length === 0
      ? { accepted: 0, duplicates: 0 }
      : await failingAs("redis", () => deps.coalescer.submit(key.tenantId, key.keyId, batch.accepted), log);
  const duplicates = batch.duplicates + queued.duplicates;
  deps.metrics.accepted.inc(queued.accepted);
  deps.metrics.duplicates.inc(duplicates);
  return { accepted: queued.accepted, duplicates, rejected: batch.rejected };
}

import { AppError } from "@tollgate/domain";
import { requireKeyScope } from "@tollgate/http";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { IngestDeps } from "../ingest-deps.ts";
import { acceptEvents } from "./accept-events.ts";
import { extractRawEvents } from "./events-body.ts";
import { serviceFailure } from "./service-failures.ts";

export function registerPostEvents(app: FastifyInstance, deps: IngestDeps): void {
  app.post("/v1/events", async (request, reply) => {
    const guarded = <T>(dependency: "redis" | "postgres", work: () => Promise<T>) =>
      failingAs(dependency, work, request.log);
    const principal = await requireKeyScope(
      request,
      (presented) => guarded("postgres", () => deps.authenticate(presented)),
      "ingest",
    );
    const tenantId = principal.tenantId;
    if (!tenantId) throw new AppError("forbidden", "events must be sent with a tenant key");
    const rawEvents = extractRawEvents(request.body);

    if (deps.backlog.overLimit()) {
      deps.metrics.throttled.inc({ reason: "backpressure" });
      throw new AppError("rate_limited", "the usage queue is backed up; retry later", { retryAfterSeconds: 1 });
    }
    const rate = await guarded("redis", () => deps.rateLimiter.consume(tenantId, rawEvents.length));
    if (!rate.allowed) {
      deps.metrics.throttled.inc({ reason: "tenant_rate_limit" });
      throw new AppError("rate_limited", "this tenant's event rate limit is exceeded; retry later", {
        retryAfterSeconds: rate.retryAfterSeconds,
      });
    }

    const batch = acceptEvents(rawEvents, new Date());
    deps.metrics.rejected.inc(batch.rejected.length);
    if (batch.accepted.length === 0 && batch.duplicates === 0) {
      throw new AppError("bad_request", "no valid event in the request", { rejected: batch.rejected });
    }
    const queued =
      batch.accepted.length === 0
        ? { accepted: 0, duplicates: 0 }
        : await guarded("redis", () => deps.coalescer.submit(tenantId, principal.keyId, batch.accepted));
    const duplicates = batch.duplicates + queued.duplicates;
    deps.metrics.accepted.inc(queued.accepted);
    deps.metrics.duplicates.inc(duplicates);
    return reply.status(202).send({ accepted: queued.accepted, duplicates, rejected: batch.rejected });
  });
}

async function failingAs<T>(
  dependency: "redis" | "postgres",
  work: () => Promise<T>,
  log: FastifyBaseLogger,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError)) log.error({ err: error, dependency }, "dependency failed");
    throw serviceFailure(dependency, error);
  }
}

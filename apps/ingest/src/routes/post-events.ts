import { AppError } from "@tollgate/domain";
import { requireKeyScope } from "@tollgate/http";
import { usageBatchJobId } from "@tollgate/queues";
import type { FastifyInstance } from "fastify";
import type { IngestDeps } from "../ingest-deps.ts";
import { acceptEvents } from "./accept-events.ts";
import { extractRawEvents } from "./events-body.ts";

export function registerPostEvents(app: FastifyInstance, deps: IngestDeps): void {
  app.post("/v1/events", async (request, reply) => {
    const principal = await requireKeyScope(request, deps.authenticate, "ingest");
    if (!principal.tenantId) throw new AppError("forbidden", "events must be sent with a tenant key");
    const receivedAt = new Date();
    const batch = acceptEvents(extractRawEvents(request.body), receivedAt);
    deps.metrics.rejected.inc(batch.rejected.length);
    deps.metrics.duplicates.inc(batch.duplicates);
    if (batch.accepted.length === 0 && batch.duplicates === 0) {
      throw new AppError("bad_request", "no valid event in the request", { rejected: batch.rejected });
    }
    if (batch.accepted.length > 0) {
      const jobId = usageBatchJobId(
        principal.tenantId,
        batch.accepted.map((event) => event.id),
      );
      try {
        await deps.usageQueue.add(jobId, {
          tenantId: principal.tenantId,
          apiKeyId: principal.keyId,
          receivedAt: receivedAt.toISOString(),
          events: batch.accepted,
        });
      } catch (error) {
        request.log.error({ err: error }, "could not queue usage batch");
        throw new AppError("unavailable", "the event queue is unavailable; retry later", { retryAfterSeconds: 1 });
      }
      deps.metrics.accepted.inc(batch.accepted.length);
    }
    return reply.status(202).send({
      accepted: batch.accepted.length,
      duplicates: batch.duplicates,
      rejected: batch.rejected,
    });
  });
}

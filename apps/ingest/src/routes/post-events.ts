import type { FastifyInstance } from "fastify";
import type { IngestDeps } from "../ingest-deps.ts";
import { extractRawEvents } from "./events-body.ts";
import { ingestCandidates } from "./ingest-candidates.ts";
import { authenticateIngestKey } from "./ingest-key.ts";

export function registerPostEvents(app: FastifyInstance, deps: IngestDeps): void {
  app.post("/v1/events", async (request, reply) => {
    const key = await authenticateIngestKey(request, deps);
    const rawEvents = extractRawEvents(request.body);
    const outcome = await ingestCandidates(
      deps,
      request.log,
      key,
      rawEvents.map((raw) => ({ ok: true, raw })),
    );
    return reply.status(202).send(outcome);
  });
}

import { AppError } from "@tollgate/domain";
import type { FastifyReply, FastifyRequest } from "fastify";
import { cloudEventToCandidate } from "../compat/openmeter/cloud-event-to-usage.ts";
import { ingestNativeEvents } from "../compat/ingest-native.ts";
import type { IngestDeps } from "../ingest-deps.ts";
import { MAX_EVENTS_PER_REQUEST } from "./events-body.ts";
import { authenticateIngestKey } from "./ingest-key.ts";

/** OpenMeter's POST /api/v1/events: one CloudEvent or an array of them; 204 once every event is queued. */
export async function postOpenMeterEvents(deps: IngestDeps, request: FastifyRequest, reply: FastifyReply) {
  const key = await authenticateIngestKey(request, deps);
  const events = Array.isArray(request.body) ? request.body : [request.body];
  if (events.length === 0 || events.length > MAX_EVENTS_PER_REQUEST) {
    throw new AppError(
      "bad_request",
      `a batch must hold 1 to ${MAX_EVENTS_PER_REQUEST.toString()} CloudEvents, got ${events.length.toString()}`,
    );
  }
  await ingestNativeEvents(deps, request, key, events.map(cloudEventToCandidate));
  return reply.status(204).send();
}

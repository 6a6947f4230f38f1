import { AppError } from "@tollgate/domain";
import type { FastifyReply, FastifyRequest } from "fastify";
import { ingestNativeEvents } from "../compat/ingest-native.ts";
import { lagoEventEcho } from "../compat/lago/lago-responses.ts";
import { lagoEventToCandidate } from "../compat/lago/lago-event-to-usage.ts";
import { isRecord } from "../compat/native-values.ts";
import type { IngestDeps } from "../ingest-deps.ts";
import { failingAs } from "./dependency-guard.ts";
import { MAX_EVENTS_PER_REQUEST } from "./events-body.ts";
import { authenticateIngestKey } from "./ingest-key.ts";

/** Lago's POST /api/v1/events (`{"event": {...}}`) and /api/v1/events/batch (`{"events": [...]}`); 200 with echoes. */
export async function postLagoEvents(deps: IngestDeps, request: FastifyRequest, reply: FastifyReply, batch: boolean) {
  const key = await authenticateIngestKey(request, deps);
  const rawEvents = batch ? lagoBatch(request.body) : [lagoSingle(request.body)];
  const mappings = await failingAs("postgres", () => deps.mappings(key.tenantId, "lago"), request.log);
  const candidates = rawEvents.map((raw) => lagoEventToCandidate(raw, mappings));
  const receivedAt = new Date().toISOString();
  await ingestNativeEvents(deps, request, key, candidates);
  const echoes = candidates.flatMap((candidate, index) => {
    const raw = rawEvents[index];
    if (!candidate.ok || !isRecord(candidate.raw) || !isRecord(raw)) return [];
    const timestamp = typeof candidate.raw.timestamp === "string" ? candidate.raw.timestamp : receivedAt;
    return [lagoEventEcho(raw, String(candidate.raw.id), timestamp, receivedAt)];
  });
  return reply.status(200).send(batch ? { events: echoes } : { event: echoes[0] });
}

function lagoSingle(body: unknown): unknown {
  if (!isRecord(body) || !isRecord(body.event)) {
    throw new AppError(
      "bad_request",
      'body must be {"event": {...}} (Lago) or CloudEvents with Content-Type application/cloudevents+json (OpenMeter)',
    );
  }
  return body.event;
}

function lagoBatch(body: unknown): unknown[] {
  const events = isRecord(body) ? body.events : undefined;
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_EVENTS_PER_REQUEST) {
    throw new AppError(
      "bad_request",
      `body must be {"events": [...]} with 1 to ${MAX_EVENTS_PER_REQUEST.toString()} events`,
    );
  }
  return events;
}

import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { AppError } from "@tollgate/domain";
import { decodeUtf8Body } from "../body/utf8-body.ts";
import { ingestNativeEvents } from "../compat/ingest-native.ts";
import { registerNativeErrorHandler } from "../compat/native-error-handler.ts";
import { meterEventToCandidate } from "../compat/stripe/meter-event-to-usage.ts";
import { parseStripeMeterEventForm, type StripeMeterEventBody } from "../compat/stripe/stripe-form-body.ts";
import { renderStripeError, stripeMeterEvent } from "../compat/stripe/stripe-responses.ts";
import type { IngestDeps } from "../ingest-deps.ts";
import { failingAs } from "./dependency-guard.ts";
import { authenticateIngestKey } from "./ingest-key.ts";

/** Stripe's POST /v1/billing/meter_events (form-encoded, one event); answers with the meter event object. */
export function registerStripeMeterEvents(app: FastifyInstance, deps: IngestDeps): void {
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "buffer" }, (_request, body, parsed) => {
      try {
        parsed(null, parseStripeMeterEventForm(decodeUtf8Body(body as Buffer)));
      } catch (error) {
        parsed(error instanceof Error ? error : new Error(String(error)), undefined);
      }
    });
    registerNativeErrorHandler(scope, (error, _request, reply) => renderStripeError(error, reply));
    scope.post("/v1/billing/meter_events", async (request, reply) => {
      const key = await authenticateIngestKey(request, deps);
      const body = meterEventBody(request.headers["content-type"], request.body);
      const mappings = await failingAs("postgres", () => deps.mappings(key.tenantId, "stripe"), request.log);
      const idempotencyKey = request.headers["idempotency-key"];
      const fallbackIdentifier =
        typeof idempotencyKey === "string" && idempotencyKey !== "" ? idempotencyKey : randomUUID();
      const converted = meterEventToCandidate(body, mappings, fallbackIdentifier);
      const receivedAt = new Date();
      await ingestNativeEvents(deps, request, key, [converted.candidate]);
      const raw = converted.candidate.ok ? (converted.candidate.raw as { timestamp?: string }) : {};
      return reply
        .status(200)
        .send(stripeMeterEvent(body, converted.identifier, raw.timestamp ?? receivedAt.toISOString(), receivedAt));
    });
    done();
  });
}

function meterEventBody(contentType: string | undefined, body: unknown): StripeMeterEventBody {
  if (!(contentType ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    throw new AppError(
      "unsupported_media_type",
      "send the meter event form-encoded (application/x-www-form-urlencoded)",
    );
  }
  return body as StripeMeterEventBody;
}

import type { FastifyReply } from "fastify";
import type { NativeError } from "../native-error-handler.ts";
import { rejectedField } from "../rejection-fields.ts";
import type { StripeMeterEventBody } from "./stripe-form-body.ts";

/**
 * Stripe's error body `{"error": {type, code, message, param}}`: its client turns 400 into StripeInvalidRequestError,
 * 401 into StripeAuthenticationError, 429 into StripeRateLimitError. Retrying is safe (events are deduplicated), so
 * throttling and outages tell the client to retry and everything else tells it not to.
 */
export function renderStripeError(error: NativeError, reply: FastifyReply) {
  const retry = error.status === 429 || error.status >= 500;
  void reply.header("stripe-should-retry", retry ? "true" : "false");
  const rejected = Array.isArray(error.details.rejected)
    ? (error.details.rejected as { code: string; message: string }[])[0]
    : undefined;
  const param =
    typeof error.details.param === "string" ? error.details.param : rejected && rejectedField(rejected.message);
  return {
    error: {
      type: error.status >= 500 ? "api_error" : "invalid_request_error",
      code: rejected?.code ?? (typeof error.details.stripeCode === "string" ? error.details.stripeCode : error.code),
      message: rejected?.message ?? error.message,
      ...(param && param !== "event" ? { param } : {}),
    },
  };
}

/** The `billing.meter_event` object Stripe answers a created meter event with. */
export function stripeMeterEvent(body: StripeMeterEventBody, identifier: string, timestamp: string, receivedAt: Date) {
  return {
    object: "billing.meter_event",
    created: Math.floor(receivedAt.getTime() / 1000),
    event_name: body.event_name,
    identifier,
    livemode: false,
    payload: body.payload,
    timestamp: Math.floor(new Date(timestamp).getTime() / 1000),
  };
}

import { STATUS_CODES } from "node:http";
import type { FastifyReply } from "fastify";
import type { EventRejection } from "../../routes/accept-events.ts";
import type { NativeError } from "../native-error-handler.ts";
import { rejectedField } from "../rejection-fields.ts";

/**
 * Lago's error bodies: `{status, error}`, plus `code` and `error_details` for validation errors (422). Tollgate adds
 * `message` and, for per-event rejections, the accepted and duplicate counts and the rejection list.
 */
export function renderLagoError(error: NativeError, batch: boolean, reply: FastifyReply) {
  const rejected = error.details.rejected as EventRejection[] | undefined;
  if (error.status === 400 && rejected) {
    void reply.status(422);
    return {
      status: 422,
      error: "Unprocessable Entity",
      code: "validation_errors",
      message: error.message,
      error_details: lagoErrorDetails(rejected, batch),
      ...error.details,
    };
  }
  const { retryAfterSeconds: _retry, ...details } = error.details;
  return {
    status: error.status,
    error: STATUS_CODES[error.status] ?? "Error",
    code: error.code,
    message: error.message,
    ...details,
  };
}

/** Lago keys validation errors by field (`{"code": ["..."]}`), and by event index for a batch. */
function lagoErrorDetails(rejected: readonly EventRejection[], batch: boolean) {
  const byField = (rejection: EventRejection) => ({
    [rejectedField(rejection.message)]: [`${rejection.code}: ${rejection.message}`],
  });
  const first = rejected[0];
  if (!batch) return first ? byField(first) : {};
  return Object.fromEntries(rejected.map((rejection) => [String(rejection.index), byField(rejection)]));
}

/** The event object Lago echoes for each event it accepted (`lago_customer_id` is null: processing is async). */
export function lagoEventEcho(raw: Record<string, unknown>, eventId: string, timestamp: string, receivedAt: string) {
  return {
    lago_id: eventId,
    transaction_id: raw.transaction_id,
    lago_customer_id: null,
    code: raw.code,
    timestamp,
    precise_total_amount_cents: raw.precise_total_amount_cents ?? null,
    properties: raw.properties ?? {},
    lago_subscription_id: null,
    external_subscription_id: raw.external_subscription_id ?? null,
    external_customer_id: raw.external_customer_id ?? null,
    created_at: receivedAt,
  };
}

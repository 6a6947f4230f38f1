import type { TenantMappings } from "@tollgate/use-cases/ingest-mappings";
import type { StripeMappingConfig } from "@tollgate/domain";
import type { EventCandidate } from "../../routes/accept-events.ts";
import { compatEventId } from "../compat-event-id.ts";
import { tokenCountValue, unixSecondsToIso } from "../native-values.ts";
import type { StripeMeterEventBody } from "./stripe-form-body.ts";

/** A meter event's converted candidate, with the identifier Stripe would report back. */
export interface ConvertedMeterEvent {
  candidate: EventCandidate;
  identifier: string;
}

const invalid = (id: string | null, message: string): EventCandidate => ({
  ok: false,
  id,
  code: "invalid_event",
  message,
});

/**
 * One Stripe meter event: the tenant's mapping for `event_name` gives the token type `payload[value]` counts and the
 * model (fixed, or a payload key). Deduplicated on `identifier`; without one, on the client's Idempotency-Key (the
 * `stripe` client sends one with every POST and keeps it across its retries).
 */
export function meterEventToCandidate(
  body: StripeMeterEventBody,
  mappings: TenantMappings<"stripe">,
  generatedIdentifier: string,
): ConvertedMeterEvent {
  const identifier = body.identifier ?? generatedIdentifier;
  const id = compatEventId("stripe", `stripe:${identifier}`, [identifier]);
  const reject = (candidate: EventCandidate) => ({ candidate, identifier });
  if (!body.event_name) return reject(invalid(id, "event_name: Missing required param: event_name."));
  const mapping = mappings.get(body.event_name);
  if (!mapping) {
    return reject({
      ok: false,
      id,
      code: "unmapped_event",
      message: `event_name: '${body.event_name.slice(0, 100)}' has no ingest mapping for this tenant (source stripe)`,
    });
  }
  const { payload } = body;
  const customer = payload[mapping.customer_key];
  if (!customer) return reject(invalid(id, `payload[${mapping.customer_key}]: Missing required param.`));
  const value = payload[mapping.value_key];
  if (value === undefined) return reject(invalid(id, `payload[${mapping.value_key}]: Missing required param.`));
  const timestamp = unixSecondsToIso(body.timestamp);
  if (timestamp === null) return reject(invalid(id, "timestamp: must be Unix seconds"));
  const model = "value" in mapping.model ? mapping.model.value : payload[mapping.model.property];
  if (!model) return reject(invalid(id, `payload[${modelKey(mapping)}]: Missing required param (the model).`));

  const read = new Set([mapping.customer_key, mapping.value_key, modelKey(mapping)]);
  const metadata = Object.fromEntries(Object.entries(payload).filter(([key]) => !read.has(key)));
  const event: Record<string, unknown> = {
    id,
    timestamp,
    model,
    customer,
    [`${mapping.token_type}_tokens`]: tokenCountValue(value),
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  };
  return { candidate: { ok: true, raw: event, nativeFields: stripeFieldNames(mapping) }, identifier };
}

/** Canonical field → its Stripe parameter, for rejection messages. */
function stripeFieldNames(mapping: StripeMappingConfig): Record<string, string> {
  return {
    [`${mapping.token_type}_tokens`]: `payload[${mapping.value_key}]`,
    customer: `payload[${mapping.customer_key}]`,
    model: "property" in mapping.model ? `payload[${mapping.model.property}]` : "model",
    metadata: "payload",
  };
}

function modelKey(mapping: StripeMappingConfig): string {
  return "property" in mapping.model ? mapping.model.property : "";
}

import type { TenantMappings } from "@tollgate/use-cases/ingest-mappings";
import type { LagoMappingConfig } from "@tollgate/domain";
import type { EventCandidate } from "../../routes/accept-events.ts";
import { compatEventId } from "../compat-event-id.ts";
import { isRecord, metadataText, nonEmptyString, tokenCountValue, unixSecondsToIso } from "../native-values.ts";

const invalid = (id: string | null, message: string): EventCandidate => ({
  ok: false,
  id,
  code: "invalid_event",
  message,
});

/**
 * One Lago event: the tenant's mapping for its `code` says where the model and each token count are in
 * `properties`; properties it does not read are kept as metadata. Deduplicated on `transaction_id`.
 */
export function lagoEventToCandidate(raw: unknown, mappings: TenantMappings<"lago">): EventCandidate {
  if (!isRecord(raw)) return invalid(null, "event: must be an object");
  const transactionId = nonEmptyString(raw.transaction_id);
  if (!transactionId) return invalid(null, "transaction_id: must be a non-empty string");
  const id = compatEventId("lago", `lago:${transactionId}`, [transactionId]);
  const code = nonEmptyString(raw.code);
  if (!code) return invalid(id, "code: must be a non-empty string");
  const mapping = mappings.get(code);
  if (!mapping) {
    return {
      ok: false,
      id,
      code: "unmapped_event",
      message: `code: '${code.slice(0, 100)}' has no ingest mapping for this tenant (source lago)`,
    };
  }
  const customer = nonEmptyString(raw.external_customer_id) ?? nonEmptyString(raw.external_subscription_id);
  if (!customer)
    return invalid(id, "external_subscription_id: external_subscription_id or external_customer_id is required");
  const timestamp = unixSecondsToIso(raw.timestamp);
  if (timestamp === null) return invalid(id, "timestamp: must be Unix seconds (a number or a numeric string)");
  const properties = raw.properties ?? {};
  if (!isRecord(properties)) return invalid(id, "properties: must be an object");

  const read = new Set<string>();
  const model = mappedModel(mapping, properties, read);
  if (typeof model !== "string") return invalid(id, model.message);
  const event: Record<string, unknown> = { id, timestamp, model, customer };
  for (const [type, property] of Object.entries(mapping.tokens)) {
    read.add(property);
    if (properties[property] !== undefined) event[`${type}_tokens`] = tokenCountValue(properties[property]);
  }
  if (Object.keys(event).every((field) => !field.endsWith("_tokens"))) {
    const names = Object.values(mapping.tokens).join(", ");
    return invalid(id, `properties: none of the mapped token properties (${names}) is present`);
  }
  const metadata = Object.fromEntries(
    Object.entries(properties)
      .filter(([property]) => !read.has(property))
      .map(([property, value]) => [property, metadataText(value)]),
  );
  const subscription = nonEmptyString(raw.external_subscription_id);
  if (subscription && subscription !== customer) metadata.external_subscription_id = subscription;
  if (Object.keys(metadata).length > 0) event.metadata = metadata;
  return { ok: true, raw: event, nativeFields: lagoFieldNames(mapping) };
}

function mappedModel(
  mapping: LagoMappingConfig,
  properties: Record<string, unknown>,
  read: Set<string>,
): string | { message: string } {
  if ("value" in mapping.model) return mapping.model.value;
  const property = mapping.model.property;
  read.add(property);
  const model = nonEmptyString(properties[property]);
  return model ?? { message: `properties.${property}: must be the model id (a non-empty string)` };
}

/** Canonical field → where this mapping reads it in the Lago event, for rejection messages. */
function lagoFieldNames(mapping: LagoMappingConfig): Record<string, string> {
  return {
    ...Object.fromEntries(
      Object.entries(mapping.tokens).map(([type, property]) => [`${type}_tokens`, `properties.${property}`]),
    ),
    ...("property" in mapping.model ? { model: `properties.${mapping.model.property}` } : {}),
    customer: "external_customer_id",
    metadata: "properties",
  };
}

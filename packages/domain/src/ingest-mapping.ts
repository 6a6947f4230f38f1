import { z } from "zod";
import { storedText } from "./stored-text.ts";
import { TOKEN_TYPES } from "./token-types.ts";

/** Products whose native events a tenant maps onto usage events (OpenMeter needs none: its data is canonical). */
export const INGEST_MAPPING_SOURCES = ["lago", "stripe"] as const;
export type IngestMappingSource = (typeof INGEST_MAPPING_SOURCES)[number];

/** A Lago billable metric code or a Stripe meter event name. */
export const ingestMappingKeySchema = storedText(200).min(1, "key is required");

const propertyName = storedText(100).min(1);

/** Where an event's model comes from: one fixed model, or a property of the native event. */
export const modelRuleSchema = z.union([
  z.strictObject({ value: storedText(200).min(1) }),
  z.strictObject({ property: propertyName }),
]);
export type ModelRule = z.infer<typeof modelRuleSchema>;

/** Lago: `code` picks the mapping; each listed token type is read from a property of `properties`. */
export const lagoMappingConfigSchema = z.strictObject({
  model: modelRuleSchema,
  tokens: z
    .partialRecord(z.enum(TOKEN_TYPES), propertyName)
    .refine((tokens) => Object.keys(tokens).length > 0, "tokens must map at least one token type to a property"),
});
export type LagoMappingConfig = z.infer<typeof lagoMappingConfigSchema>;

/** Stripe: `event_name` picks the mapping; `payload[value_key]` is a count of one token type. */
export const stripeMappingConfigSchema = z.strictObject({
  model: modelRuleSchema,
  token_type: z.enum(TOKEN_TYPES),
  /** Stripe meters read `value` unless configured otherwise (value_settings.event_payload_key). */
  value_key: propertyName.default("value"),
  /** Stripe meters read `stripe_customer_id` unless configured otherwise (customer_mapping). */
  customer_key: propertyName.default("stripe_customer_id"),
});
export type StripeMappingConfig = z.infer<typeof stripeMappingConfigSchema>;

export type IngestMappingConfig<S extends IngestMappingSource> = S extends "lago"
  ? LagoMappingConfig
  : StripeMappingConfig;

const CONFIG_SCHEMAS = { lago: lagoMappingConfigSchema, stripe: stripeMappingConfigSchema } as const;

export type ParsedMappingConfig<S extends IngestMappingSource> =
  { ok: true; config: IngestMappingConfig<S> } | { ok: false; message: string };

/** Validates a mapping's config for its source; the message reads "field: problem". */
export function parseIngestMappingConfig<S extends IngestMappingSource>(
  source: S,
  config: unknown,
): ParsedMappingConfig<S> {
  const parsed = CONFIG_SCHEMAS[source].safeParse(config);
  if (parsed.success) return { ok: true, config: parsed.data as IngestMappingConfig<S> };
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join(".") : "config";
  return { ok: false, message: `${path}: ${issue?.message ?? "invalid"}` };
}

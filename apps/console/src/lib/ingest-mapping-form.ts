import {
  INGEST_MAPPING_SOURCES,
  ingestMappingKeySchema,
  lagoMappingConfigSchema,
  parseIngestMappingConfig,
  stripeMappingConfigSchema,
  TOKEN_TYPES,
  type IngestMappingSource,
  type TokenType,
} from "@tollgate/domain";
import { TRPCClientError } from "@trpc/client";
import { z } from "zod";

/**
 * The mapping form, flat: both sources' fields, of which the chosen source's are sent. Validated by building the
 * config and checking it with the domain's own schemas (the ones the api's put use case runs), their issues put
 * at the field they concern.
 */
export const mappingFormSchema = z
  .object({
    source: z.enum(INGEST_MAPPING_SOURCES),
    key: ingestMappingKeySchema,
    model_from: z.enum(["property", "value"]),
    model: z.string(),
    tokens: z.record(z.enum(TOKEN_TYPES), z.string()),
    token_type: z.enum(TOKEN_TYPES),
    value_key: z.string(),
    customer_key: z.string(),
  })
  .superRefine((values, ctx) => {
    const schema = values.source === "lago" ? lagoMappingConfigSchema : stripeMappingConfigSchema;
    const parsed = schema.safeParse(mappingConfig(values));
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: "custom", path: formPath(issue.path.map(String)), message: issue.message });
    }
  });

export type MappingForm = z.input<typeof mappingFormSchema>;
export type MappingField =
  "key" | "model" | "tokens" | `tokens.${TokenType}` | "token_type" | "value_key" | "customer_key";

export const MAPPING_DEFAULTS: MappingForm = {
  source: "lago",
  key: "",
  model_from: "property",
  model: "model",
  tokens: { input: "input_tokens", cached_input: "", cache_write: "", output: "output_tokens", reasoning: "" },
  token_type: "input",
  value_key: "value",
  customer_key: "stripe_customer_id",
};

/** The config the api stores for the chosen source; empty token properties are left out, blank keys defaulted. */
export function mappingConfig(values: MappingForm): Record<string, unknown> {
  const model = values.model_from === "property" ? { property: values.model } : { value: values.model };
  if (values.source === "lago") {
    return {
      model,
      tokens: Object.fromEntries(
        TOKEN_TYPES.filter((type) => values.tokens[type] !== "").map((type) => [type, values.tokens[type]]),
      ),
    };
  }
  return {
    model,
    token_type: values.token_type,
    ...(values.value_key !== "" && { value_key: values.value_key }),
    ...(values.customer_key !== "" && { customer_key: values.customer_key }),
  };
}

/** The form of a stored mapping, for editing it (a config the domain no longer accepts starts from the defaults). */
export function mappingFormOf(mapping: { source: IngestMappingSource; key: string; config: unknown }): MappingForm {
  const base: MappingForm = { ...MAPPING_DEFAULTS, source: mapping.source, key: mapping.key };
  const parsed = parseIngestMappingConfig(mapping.source, mapping.config);
  if (!parsed.ok) return base;
  const config = parsed.config;
  const model =
    "value" in config.model
      ? { model_from: "value" as const, model: config.model.value }
      : { model_from: "property" as const, model: config.model.property };
  if ("tokens" in config) {
    const tokens = { ...MAPPING_DEFAULTS.tokens };
    for (const type of TOKEN_TYPES) tokens[type] = config.tokens[type] ?? "";
    return { ...base, ...model, tokens };
  }
  return {
    ...base,
    ...model,
    token_type: config.token_type,
    value_key: config.value_key,
    customer_key: config.customer_key,
  };
}

/** A config path ("model.value", "tokens.input") as the form's field. */
function formPath(path: readonly string[]): string[] {
  const [first, second] = path;
  if (first === "model") return ["model"];
  if (first === "tokens") return second === undefined ? ["tokens"] : ["tokens", second];
  return first === undefined ? ["model"] : [first];
}

const FIELDS: readonly string[] = ["key", "model", "tokens", "token_type", "value_key", "customer_key"];

/**
 * Where the api's refusal belongs: its input validation (`fieldErrors`: "key", "config.tokens.input") or the use
 * case's "field: why" ("key: …", "tokens: tokens must map at least one token type", "model.value: …").
 */
export function mappingServerError(error: unknown): { field: MappingField; message: string } | null {
  if (!(error instanceof TRPCClientError)) return null;
  const fieldErrors = (error.data as { fieldErrors?: Record<string, string> } | undefined)?.fieldErrors ?? {};
  const colon = error.message.indexOf(": ");
  const problems = [
    ...Object.entries(fieldErrors),
    ...(colon > 0 ? [[error.message.slice(0, colon), error.message.slice(colon + 2)] as const] : []),
  ];
  for (const [path, message] of problems) {
    const field = formPath(path.replace(/^config\.?/, "").split(".")).join(".");
    if (FIELDS.includes(field) || TOKEN_TYPES.some((type) => field === `tokens.${type}`))
      return { field: field as MappingField, message };
  }
  return null;
}

/** A stored config in words for the list ("model ← property llm · input ← prompt, output ← completion"). */
export function mappingSummary(mapping: { source: IngestMappingSource; config: unknown }): string {
  const parsed = parseIngestMappingConfig(mapping.source, mapping.config);
  if (!parsed.ok) return JSON.stringify(mapping.config);
  const config = parsed.config;
  const model = "value" in config.model ? `model ${config.model.value}` : `model ← ${config.model.property}`;
  if ("tokens" in config) {
    const tokens = TOKEN_TYPES.flatMap((type) => {
      const property = config.tokens[type];
      return property === undefined ? [] : [`${type} ← ${property}`];
    });
    return `${model} · ${tokens.join(", ")}`;
  }
  return `${model} · ${config.token_type} ← ${config.value_key} · customer ← ${config.customer_key}`;
}

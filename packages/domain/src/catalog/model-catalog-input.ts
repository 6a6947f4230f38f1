import { z } from "zod";
import { nonNegativeDecimalText } from "../pricing/decimal-text.ts";
import { storedText } from "../stored-text.ts";
import type { TokenType } from "../token-types.ts";
import { modelPatternSchema } from "./model-pattern.ts";

/** A provider id as the catalog uses it ("openai", "x-ai", "huggingface_groq"). */
export const catalogProviderSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "must be 1-64 lower-case letters, digits, '.', '_' or '-'");

/** A catalog model id, `<provider>/<model>` by convention (the caller checks the prefix against the provider). */
export const catalogModelIdSchema = storedText(200)
  .min(3)
  .regex(/^[^\s*]+$/, "must not contain whitespace or '*'");

export const MAX_MODEL_ALIASES = 500;

/** Alias patterns of one model; duplicates are dropped (order kept) so a list can be sent as edited. */
export const modelAliasesSchema = z
  .array(modelPatternSchema)
  .max(MAX_MODEL_ALIASES)
  .transform((aliases) => [...new Set(aliases)]);

/** Provider cost per 1,000,000 tokens by token type, as exact decimal strings; at least one type. */
export const costRatesInputSchema = z
  .strictObject({
    input: nonNegativeDecimalText.optional(),
    cached_input: nonNegativeDecimalText.optional(),
    cache_write: nonNegativeDecimalText.optional(),
    output: nonNegativeDecimalText.optional(),
    reasoning: nonNegativeDecimalText.optional(),
  } satisfies Record<TokenType, z.ZodType>)
  .refine(
    (rates) => Object.values(rates).some((rate: string | undefined) => rate !== undefined),
    "give at least one token type's rate",
  );

export type CostRatesInput = Partial<Record<TokenType, string>>;

/** Why a catalog change was made; required, it goes into the audit log. */
export const changeReasonSchema = storedText(2000).trim().min(1, "required: say why (it goes into the audit log)");

export const modelDisplayNameSchema = storedText(200).trim().min(1);

/** Where a cost rate came from ("operator", "genai-prices 0.1.8", a provider's price page). */
export const costRateSourceSchema = storedText(200).trim().min(1);

import { storedText, TOKEN_TYPES } from "@tollgate/domain";
import { z } from "zod";

/** A filter list over REST (`?model=a&model=b`: one value or the repeated parameter) and tRPC (an array) alike. */
export const filterList = <T extends z.ZodType<string>>(item: T, what: string) =>
  z
    .union([item, z.array(item).max(100, "at most 100 values")])
    .transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[])
    .optional()
    .describe(`Only these ${what} (repeat the parameter for several).`);

export const filterText = storedText(200);
export const tokenTypeValue = z.enum(TOKEN_TYPES, { error: `must be one of ${TOKEN_TYPES.join(", ")}` });

const tokens = z.object({
  input: z.string(),
  cached_input: z.string(),
  cache_write: z.string(),
  output: z.string(),
  reasoning: z.string(),
});

export const explorePointOutput = z.object({
  tokens,
  total_tokens: z.string(),
  amount: z
    .string()
    .nullable()
    .describe(
      "Rated amount, full precision. null only when it needs amounts per token type (token_type grouping or " +
        "filter) of usage recorded before the rollups kept them.",
    ),
});

export const exploreTotalsOutput = explorePointOutput.extend({
  event_count: z.string().nullable().describe("null for token-type groups"),
  unrated_event_count: z.string().nullable(),
  rounded_amount: z
    .string()
    .nullable()
    .describe("Rounded to the currency's minor unit so the groups' rounded amounts add up to the total's exactly."),
});

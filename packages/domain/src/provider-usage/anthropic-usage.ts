import { z } from "zod";
import { optionalTokenCountSchema, tokenCountSchema } from "../token-count.ts";
import { usageSchemaRejection, type UsageConversion } from "./usage-conversion.ts";

/**
 * Anthropic Messages `usage`. Its counts are already additive: input_tokens is uncached input only.
 * Unknown keys (cache_creation's TTL breakdown, output_tokens_details, server_tool_use, ...) are stripped.
 */
export const anthropicUsageSchema = z.object({
  input_tokens: tokenCountSchema,
  output_tokens: tokenCountSchema,
  cache_creation_input_tokens: optionalTokenCountSchema,
  cache_read_input_tokens: optionalTokenCountSchema,
});

/**
 * Thinking is billed as output and reported inside output_tokens, so it stays output: Anthropic's
 * output_tokens_details.thinking_tokens is documented as an approximate breakdown, not a billed count.
 */
export function convertAnthropicUsage(raw: unknown): UsageConversion {
  const parsed = anthropicUsageSchema.safeParse(raw);
  if (!parsed.success) return usageSchemaRejection(parsed.error);
  const usage = parsed.data;
  return {
    ok: true,
    tokens: {
      input: usage.input_tokens,
      cached_input: usage.cache_read_input_tokens,
      cache_write: usage.cache_creation_input_tokens,
      output: usage.output_tokens,
      reasoning: 0,
    },
  };
}

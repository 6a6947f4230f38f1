import { z } from "zod";
import { optionalTokenCountSchema, reportedTotalSchema, tokenCountSchema } from "../token-count.ts";
import { exceedsTotal, mismatchedTotal, usageSchemaRejection, type UsageConversion } from "./usage-conversion.ts";

/** OpenAI Responses `usage` (ResponseUsage). Unknown keys are stripped: tolerated, never counted. */
export const openAiResponsesUsageSchema = z.object({
  input_tokens: tokenCountSchema,
  output_tokens: tokenCountSchema,
  total_tokens: reportedTotalSchema,
  input_tokens_details: z
    .object({ cached_tokens: optionalTokenCountSchema, cache_write_tokens: optionalTokenCountSchema })
    .nullish(),
  output_tokens_details: z.object({ reasoning_tokens: optionalTokenCountSchema }).nullish(),
});

/**
 * input_tokens includes cached (cache reads) and cache_write tokens; output_tokens includes reasoning tokens.
 * So input = input_tokens − cached − cache_write and output = output_tokens − reasoning.
 */
export function convertOpenAiResponsesUsage(raw: unknown): UsageConversion {
  const parsed = openAiResponsesUsageSchema.safeParse(raw);
  if (!parsed.success) return usageSchemaRejection(parsed.error);
  const usage = parsed.data;
  const input = { path: "input_tokens", value: usage.input_tokens };
  const output = { path: "output_tokens", value: usage.output_tokens };
  const cached = usage.input_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage.input_tokens_details?.cache_write_tokens ?? 0;
  const reasoning = usage.output_tokens_details?.reasoning_tokens ?? 0;
  const problem =
    exceedsTotal({ path: "input_tokens_details.cached_tokens", value: cached }, input) ??
    exceedsTotal({ path: "input_tokens_details.cache_write_tokens", value: cacheWrite }, input) ??
    exceedsTotal(
      { path: "input_tokens_details.cached_tokens + cache_write_tokens", value: cached + cacheWrite },
      input,
    ) ??
    exceedsTotal({ path: "output_tokens_details.reasoning_tokens", value: reasoning }, output) ??
    mismatchedTotal(usage.total_tokens, input.value + output.value, "input_tokens + output_tokens");
  if (problem) return problem;
  return {
    ok: true,
    tokens: {
      input: input.value - cached - cacheWrite,
      cached_input: cached,
      cache_write: cacheWrite,
      output: output.value - reasoning,
      reasoning,
    },
  };
}

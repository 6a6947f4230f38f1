import { z } from "zod";
import { optionalTokenCountSchema, reportedTotalSchema, tokenCountSchema } from "../token-count.ts";
import { exceedsTotal, mismatchedTotal, usageSchemaRejection, type UsageConversion } from "./usage-conversion.ts";

/**
 * OpenAI Chat Completions `usage` (CompletionUsage). Unknown keys are stripped: tolerated, never counted.
 * Audio and predicted-output details are subsets of prompt/completion tokens, so they stay counted there.
 */
export const openAiChatUsageSchema = z.object({
  prompt_tokens: tokenCountSchema,
  completion_tokens: tokenCountSchema,
  total_tokens: reportedTotalSchema,
  prompt_tokens_details: z
    .object({
      cached_tokens: optionalTokenCountSchema,
      cache_write_tokens: optionalTokenCountSchema,
      audio_tokens: optionalTokenCountSchema,
    })
    .nullish(),
  completion_tokens_details: z
    .object({
      reasoning_tokens: optionalTokenCountSchema,
      audio_tokens: optionalTokenCountSchema,
      accepted_prediction_tokens: optionalTokenCountSchema,
      rejected_prediction_tokens: optionalTokenCountSchema,
    })
    .nullish(),
});
export type OpenAiChatUsage = z.infer<typeof openAiChatUsageSchema>;

/**
 * prompt_tokens includes cached (cache reads) and cache_write tokens; completion_tokens includes reasoning tokens.
 * So input = prompt − cached − cache_write and output = completion − reasoning; the sum is prompt + completion.
 */
export function convertOpenAiChatUsage(raw: unknown): UsageConversion {
  const parsed = openAiChatUsageSchema.safeParse(raw);
  if (!parsed.success) return usageSchemaRejection(parsed.error);
  return countOpenAiChatUsage(parsed.data);
}

export function countOpenAiChatUsage(usage: OpenAiChatUsage): UsageConversion {
  const prompt = { path: "prompt_tokens", value: usage.prompt_tokens };
  const completion = { path: "completion_tokens", value: usage.completion_tokens };
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage.prompt_tokens_details?.cache_write_tokens ?? 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  const problem =
    exceedsTotal({ path: "prompt_tokens_details.cached_tokens", value: cached }, prompt) ??
    exceedsTotal({ path: "prompt_tokens_details.cache_write_tokens", value: cacheWrite }, prompt) ??
    exceedsTotal(
      { path: "prompt_tokens_details.cached_tokens + cache_write_tokens", value: cached + cacheWrite },
      prompt,
    ) ??
    exceedsTotal(
      { path: "prompt_tokens_details.audio_tokens", value: usage.prompt_tokens_details?.audio_tokens ?? 0 },
      prompt,
    ) ??
    exceedsTotal({ path: "completion_tokens_details.reasoning_tokens", value: reasoning }, completion) ??
    exceedsTotal(
      { path: "completion_tokens_details.audio_tokens", value: usage.completion_tokens_details?.audio_tokens ?? 0 },
      completion,
    ) ??
    mismatchedTotal(usage.total_tokens, prompt.value + completion.value, "prompt_tokens + completion_tokens");
  if (problem) return problem;
  return {
    ok: true,
    tokens: {
      input: prompt.value - cached - cacheWrite,
      cached_input: cached,
      cache_write: cacheWrite,
      output: completion.value - reasoning,
      reasoning,
    },
  };
}

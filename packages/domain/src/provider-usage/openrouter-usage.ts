import { z } from "zod";
import { countOpenAiChatUsage, openAiChatUsageSchema } from "./openai-chat-usage.ts";
import { reportedCostFromJsonNumber } from "./reported-cost.ts";
import { usageRejection, usageSchemaRejection, type UsageConversion } from "./usage-conversion.ts";

/**
 * OpenRouter `usage`: the OpenAI chat shape (prompt_tokens_details may carry cache_write_tokens) plus `cost`, the
 * credits (USD) OpenRouter charged for the call. cost_details (e.g. BYOK upstream cost) is tolerated, not kept.
 */
export const openRouterUsageSchema = openAiChatUsageSchema.extend({
  cost: z.number({ error: "must be a number (USD credits)" }).nullish(),
});

export function convertOpenRouterUsage(raw: unknown): UsageConversion {
  const parsed = openRouterUsageSchema.safeParse(raw);
  if (!parsed.success) return usageSchemaRejection(parsed.error);
  const counted = countOpenAiChatUsage(parsed.data);
  const cost = parsed.data.cost;
  if (!counted.ok || cost === null || cost === undefined) return counted;
  const reported = reportedCostFromJsonNumber(cost);
  if (!reported.ok) return usageRejection(`usage.cost: ${reported.problem}`);
  return { ...counted, reportedCost: reported.cost };
}

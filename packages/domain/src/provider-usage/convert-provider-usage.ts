import { convertAnthropicUsage } from "./anthropic-usage.ts";
import { detectUsageFormat } from "./detect-usage-format.ts";
import { convertOpenAiChatUsage } from "./openai-chat-usage.ts";
import { convertOpenAiResponsesUsage } from "./openai-responses-usage.ts";
import { convertOpenRouterUsage } from "./openrouter-usage.ts";
import type { UsageConversion } from "./usage-conversion.ts";
import type { UsageFormat } from "./usage-formats.ts";

const CONVERTERS: Record<UsageFormat, (usage: unknown) => UsageConversion> = {
  openai_chat: convertOpenAiChatUsage,
  openai_responses: convertOpenAiResponsesUsage,
  anthropic: convertAnthropicUsage,
  openrouter: convertOpenRouterUsage,
};

/** A provider usage object → canonical additive token counts (and a reported cost, for OpenRouter). Pure. */
export function convertProviderUsage(usage: Record<string, unknown>, format: UsageFormat | undefined): UsageConversion {
  if (format) return CONVERTERS[format](usage);
  const detected = detectUsageFormat(usage);
  return detected.ok ? CONVERTERS[detected.format](usage) : detected;
}

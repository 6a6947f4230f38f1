export * from "./anthropic-usage.ts";
export * from "./convert-provider-usage.ts";
export * from "./detect-usage-format.ts";
export * from "./openai-chat-usage.ts";
export * from "./openai-responses-usage.ts";
export * from "./openrouter-usage.ts";
export * from "./reported-cost.ts";
export type { CanonicalTokenCounts, UsageConversion } from "./usage-conversion.ts";
export * from "./usage-formats.ts";

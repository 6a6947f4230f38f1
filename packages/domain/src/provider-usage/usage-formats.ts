/** Provider usage objects an event may carry instead of canonical token fields. */
export const USAGE_FORMATS = ["openai_chat", "openai_responses", "anthropic", "openrouter"] as const;
export type UsageFormat = (typeof USAGE_FORMATS)[number];

import type { UsageFormat } from "./usage-formats.ts";

/** Keys only one provider family sends; anything else (e.g. output_tokens_details, sent by two) decides nothing. */
const CHAT_KEYS = ["prompt_tokens", "completion_tokens", "prompt_tokens_details", "completion_tokens_details"];
const RESPONSES_KEYS = ["input_tokens_details"];
const ANTHROPIC_KEYS = ["cache_creation_input_tokens", "cache_read_input_tokens", "cache_creation", "server_tool_use"];
const OPENROUTER_KEYS = ["cost", "cost_details", "is_byok"];

export type DetectedUsageFormat = { ok: true; format: UsageFormat } | { ok: false; message: string };

/**
 * Tells the format from the keys when the caller did not say, or refuses: a guess could bill the wrong fields
 * (Anthropic's input_tokens excludes cached tokens, OpenAI's includes them).
 */
export function detectUsageFormat(usage: Record<string, unknown>): DetectedUsageFormat {
  const present = (keys: readonly string[]) => keys.filter((key) => Object.hasOwn(usage, key));
  const responsesKeys = present(RESPONSES_KEYS);
  // Anthropic sends no total_tokens; next to input_tokens it marks the Responses shape.
  if (Object.hasOwn(usage, "total_tokens") && Object.hasOwn(usage, "input_tokens")) responsesKeys.push("total_tokens");
  const evidence: [UsageFormat, string[]][] = [
    [present(OPENROUTER_KEYS).length > 0 ? "openrouter" : "openai_chat", present(CHAT_KEYS)],
    ["openai_responses", responsesKeys],
    ["anthropic", present(ANTHROPIC_KEYS)],
  ];
  const matches = evidence.filter(([, keys]) => keys.length > 0);
  const [only] = matches;
  if (matches.length === 1 && only) return { ok: true, format: only[0] };
  const hint = "set usage_format to openai_chat, openai_responses, anthropic or openrouter";
  if (matches.length === 0)
    return { ok: false, message: `usage: cannot tell the provider format from its keys; ${hint}` };
  const clues = matches.map(([format, keys]) => `${keys.join(", ")} (${format})`).join(" and ");
  return { ok: false, message: `usage: keys of more than one provider format: ${clues}; ${hint}` };
}

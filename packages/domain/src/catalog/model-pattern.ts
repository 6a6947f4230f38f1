import { storedText } from "../stored-text.ts";

/**
 * A model name pattern: an exact name ("openai/gpt-4.1") or a glob where `*` matches any run of characters
 * ("anthropic/claude-opus-4*", "openai/gpt-4o-mini-*"). Matching is case-sensitive, like model ids.
 */
export const modelPatternSchema = storedText(200)
  .min(1)
  .regex(/^[^\s]+$/, "must not contain whitespace");

/** How specific a pattern is: exact names beat every glob; among globs, more literal characters win. */
export function patternSpecificity(pattern: string): number {
  if (!pattern.includes("*")) return Number.MAX_SAFE_INTEGER;
  return pattern.replaceAll("*", "").length;
}

const globCache = new Map<string, RegExp>();

export function matchesModelPattern(pattern: string, modelId: string): boolean {
  if (!pattern.includes("*")) return pattern === modelId;
  let regex = globCache.get(pattern);
  if (!regex) {
    const source = pattern
      .split("*")
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    regex = new RegExp(`^${source}$`);
    globCache.set(pattern, regex);
  }
  return regex.test(modelId);
}

/** True when any pattern matches; an absent list means "every model". */
export function matchesAnyModelPattern(patterns: readonly string[] | undefined, modelId: string): boolean {
  if (patterns === undefined) return true;
  // A loop, not patterns.some(closure): rating calls this for every token type of every event.
  for (const pattern of patterns) if (matchesModelPattern(pattern, modelId)) return true;
  return false;
}

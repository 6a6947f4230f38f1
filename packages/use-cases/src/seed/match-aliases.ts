import type { MatchLogic, ModelInfo, Provider } from "@pydantic/genai-prices";
import { modelPatternSchema } from "@tollgate/domain";

/**
 * The bare name patterns a genai-prices match rule stands for, as catalog aliases: equals → exact name,
 * starts_with → "x*", ends_with → "*x", contains → "*x*", or → each branch. Regex and `and` rules have no glob
 * equivalent and are left out (the model still resolves by its id). A literal containing `*` or whitespace would
 * be misread as a glob or is not a valid pattern, so it is left out too.
 */
export function aliasesFromMatch(match: MatchLogic): string[] {
  const literal = (text: string, pattern: string): string[] =>
    text !== "" && !text.includes("*") && modelPatternSchema.safeParse(pattern).success ? [pattern] : [];
  if ("or" in match) return match.or.flatMap(aliasesFromMatch);
  if ("equals" in match) return literal(match.equals, match.equals);
  if ("starts_with" in match) return literal(match.starts_with, `${match.starts_with}*`);
  if ("ends_with" in match) return literal(match.ends_with, `*${match.ends_with}`);
  if ("contains" in match) return literal(match.contains, `*${match.contains}*`);
  return [];
}

/** genai-prices' own matching (case-insensitive; regexes as given), to decide where a bare name belongs. */
export function matchesLogic(match: MatchLogic, name: string): boolean {
  const lower = name.toLowerCase();
  if ("or" in match) return match.or.some((branch) => matchesLogic(branch, name));
  if ("and" in match) return match.and.every((branch) => matchesLogic(branch, name));
  if ("equals" in match) return lower === match.equals.toLowerCase();
  if ("starts_with" in match) return lower.startsWith(match.starts_with.toLowerCase());
  if ("ends_with" in match) return lower.endsWith(match.ends_with.toLowerCase());
  if ("contains" in match) return lower.includes(match.contains.toLowerCase());
  return new RegExp(match.regex).test(name);
}

/**
 * A dataset model's aliases. Every pattern is stored with the provider prefix ("anthropic/claude-3-5-haiku*"), the
 * form catalog ids have. The bare form ("claude-3-5-haiku*", matching what provider SDKs report) is added only when
 * genai-prices would attribute that bare name to this provider (its `model_match` accepts the pattern's literal
 * text): resellers (OpenRouter, Bedrock, Vertex) list the same bare names, which would otherwise compete.
 */
export function catalogAliases(provider: Provider, model: ModelInfo): string[] {
  const id = `${provider.id}/${model.id}`;
  const providerMatch = provider.model_match;
  const aliases = new Set<string>();
  const bare = aliasesFromMatch(model.match);
  for (const pattern of bare) {
    const prefixed = `${provider.id}/${pattern}`;
    if (modelPatternSchema.safeParse(prefixed).success) aliases.add(prefixed);
  }
  if (providerMatch) {
    for (const pattern of bare) if (matchesLogic(providerMatch, pattern.replaceAll("*", ""))) aliases.add(pattern);
  }
  // The id resolves to itself already; listing it as an alias would only add noise.
  aliases.delete(id);
  return [...aliases];
}

import { matchesModelPattern, patternSpecificity } from "./model-pattern.ts";

export interface CatalogModelNames {
  id: string;
  aliases: readonly string[];
}

export type ModelIdResolver = (requested: string) => string | null;

/**
 * Builds the function that maps a model name as sent on an event to a catalog id: the id itself, else the model
 * whose alias matches most specifically (exact alias, then the glob with the most literal characters; a tie goes
 * to the lexically smallest model id, so the result never depends on load order). Null when nothing matches.
 * Results are memoised: events repeat a handful of names millions of times.
 */
export function createModelIdResolver(models: readonly CatalogModelNames[]): ModelIdResolver {
  const ids = new Set(models.map((model) => model.id));
  const exactAliases = new Map<string, string>();
  const globs: { pattern: string; modelId: string; specificity: number }[] = [];
  for (const model of [...models].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    for (const alias of model.aliases) {
      if (alias.includes("*"))
        globs.push({ pattern: alias, modelId: model.id, specificity: patternSpecificity(alias) });
      else if (!exactAliases.has(alias)) exactAliases.set(alias, model.id);
    }
  }
  // Stable sort keeps the model-id order among equally specific globs.
  globs.sort((a, b) => b.specificity - a.specificity);
  const memo = new Map<string, string | null>();
  return (requested) => {
    const known = memo.get(requested);
    if (known !== undefined) return known;
    const resolved = ids.has(requested)
      ? requested
      : (exactAliases.get(requested) ?? globs.find((g) => matchesModelPattern(g.pattern, requested))?.modelId ?? null);
    if (memo.size > 100_000) memo.clear();
    memo.set(requested, resolved);
    return resolved;
  };
}

import { TOKEN_TYPES } from "@tollgate/domain";
import { UNDATED_PRICE_FROM } from "../seed/price-history.ts";
import { isEmptyDiff, type PricesSyncDiff } from "./prices-sync-diff.ts";

const MAX_LISTED_NEW_MODELS = 50;

function when(date: Date, diff: PricesSyncDiff): string {
  if (date.getTime() === UNDATED_PRICE_FROM.getTime()) return "from the start (undated)";
  if (date.getTime() === diff.now.getTime()) return `from now (${date.toISOString()})`;
  return `from ${date.toISOString().replace("T00:00:00.000Z", "")}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** The diff as text for a terminal: one block per kind of change, prices as `old → new` per token type. */
export function formatPricesSyncDiff(diff: PricesSyncDiff): string {
  const lines = [`prices:sync — ${diff.source} compared with the catalog at ${diff.now.toISOString()}`];
  if (isEmptyDiff(diff)) return [...lines, "", "The catalog is up to date: nothing to change."].join("\n");

  if (diff.newModels.length > 0) {
    lines.push("", `New models (${diff.newModels.length.toString()}):`);
    for (const model of diff.newModels.slice(0, MAX_LISTED_NEW_MODELS)) {
      const periods = groupBy(model.costRates, (rate) => rate.effectiveFrom.toISOString());
      lines.push(`  + ${model.id}  "${model.displayName}"  ${model.aliases.length.toString()} aliases`);
      for (const rates of periods.values()) {
        const first = rates[0];
        if (!first) continue;
        const prices = rates.map((rate) => `${rate.tokenType} ${rate.pricePerMillion}`).join(", ");
        lines.push(`      ${when(first.effectiveFrom, diff)}: ${prices}`);
      }
    }
    if (diff.newModels.length > MAX_LISTED_NEW_MODELS) {
      lines.push(`  … and ${(diff.newModels.length - MAX_LISTED_NEW_MODELS).toString()} more (--json lists all)`);
    }
  }

  if (diff.costRateChanges.length > 0) {
    const byModel = groupBy(diff.costRateChanges, (change) => change.modelId);
    lines.push("", `Cost-rate changes (${byModel.size.toString()} model(s), USD per 1M tokens):`);
    for (const [modelId, changes] of byModel) {
      lines.push(`  ~ ${modelId}`);
      const byDate = groupBy(changes, (change) => change.effectiveFrom.toISOString());
      for (const dated of byDate.values()) {
        const first = dated[0];
        if (!first) continue;
        const prices = [...dated]
          .sort((a, b) => TOKEN_TYPES.indexOf(a.tokenType) - TOKEN_TYPES.indexOf(b.tokenType))
          .map((change) => `${change.tokenType} ${change.oldPrice ?? "(none)"} → ${change.newPrice}`)
          .join(", ");
        lines.push(`      ${when(first.effectiveFrom, diff)}: ${prices}`);
      }
    }
  }

  if (diff.aliasChanges.length > 0) {
    lines.push("", `Alias additions (${diff.aliasChanges.length.toString()} model(s)):`);
    for (const change of diff.aliasChanges) lines.push(`  ~ ${change.modelId}  + ${change.added.join(", ")}`);
  }

  const newModelRates = diff.newModels.reduce((sum, model) => sum + model.costRates.length, 0);
  lines.push(
    "",
    `Summary: ${diff.newModels.length.toString()} new model(s) with ${newModelRates.toString()} cost rates, ` +
      `${diff.costRateChanges.length.toString()} cost-rate change(s), ` +
      `${diff.aliasChanges.length.toString()} model(s) with new aliases.`,
  );
  return lines.join("\n");
}

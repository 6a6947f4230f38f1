import { money, TOKEN_TYPES, type TokenType } from "@tollgate/domain";
import type { CatalogModel } from "../seed/price-catalog.ts";
import type { StoredCatalog, StoredCostRate } from "./prices-sync-state.ts";

export interface NewModelChange {
  id: string;
  provider: string;
  displayName: string;
  aliases: string[];
  /** Its whole dated price history from the dataset. */
  costRates: StoredCostRate[];
}

export interface CostRateChange {
  modelId: string;
  tokenType: TokenType;
  effectiveFrom: Date;
  /** The stored price this row supersedes at effectiveFrom; null when none was in force. */
  oldPrice: string | null;
  newPrice: string;
  /** "dataset": effective from the dataset's own start date; "now": from the time of the sync. */
  basis: "dataset" | "now";
}

export interface AliasChange {
  modelId: string;
  before: string[];
  added: string[];
}

export interface PricesSyncDiff {
  /** "genai-prices <version>". */
  source: string;
  /** The instant "now" stood for; applying reuses it so the rows written are the rows shown. */
  now: Date;
  newModels: NewModelChange[];
  costRateChanges: CostRateChange[];
  aliasChanges: AliasChange[];
}

export function isEmptyDiff(diff: PricesSyncDiff): boolean {
  return diff.newModels.length + diff.costRateChanges.length + diff.aliasChanges.length === 0;
}

const samePrice = (a: string, b: string) => money(a).eq(money(b));

/** The price of the latest point at or before `at` (points oldest first). */
function priceAt(points: readonly StoredCostRate[], at: Date): string | undefined {
  let price: string | undefined;
  for (const point of points) if (point.effectiveFrom <= at) price = point.pricePerMillion;
  return price;
}

function datasetPoints(model: CatalogModel, tokenType: TokenType): StoredCostRate[] {
  return model.priceHistory.map((period) => ({
    tokenType,
    effectiveFrom: period.effectiveFrom,
    pricePerMillion: period.prices[tokenType],
  }));
}

/**
 * How one stored (model, token type) history catches up with the dataset without rewriting it:
 * - no stored rate at all: the dataset's whole history is added;
 * - dataset prices dated after the latest stored row are appended at their own dates (skipping ones that do not
 *   change the price);
 * - if the price in force now still differs from the dataset's current price, a row effective now carries it
 *   (the dataset changed an undated price, or dated a change before our latest row).
 * Older differences stay as they are: rows already in force are never replaced or spliced.
 */
function typeChanges(
  modelId: string,
  tokenType: TokenType,
  points: readonly StoredCostRate[],
  stored: readonly StoredCostRate[],
  now: Date,
): CostRateChange[] {
  const change = (point: StoredCostRate, oldPrice: string | null, basis: "dataset" | "now"): CostRateChange => ({
    modelId,
    tokenType,
    effectiveFrom: point.effectiveFrom,
    oldPrice,
    newPrice: point.pricePerMillion,
    basis,
  });
  const last = stored.at(-1);
  if (!last) {
    let previous: string | null = null;
    return points.map((point) => {
      const added = change(point, previous, "dataset");
      previous = point.pricePerMillion;
      return added;
    });
  }
  const changes: CostRateChange[] = [];
  const timeline = [...stored];
  let running = last.pricePerMillion;
  for (const point of points) {
    if (point.effectiveFrom <= last.effectiveFrom || samePrice(point.pricePerMillion, running)) continue;
    changes.push(change(point, running, "dataset"));
    timeline.push(point);
    running = point.pricePerMillion;
  }
  const wanted = priceAt(points, now);
  const current = priceAt(timeline, now);
  if (wanted !== undefined && (current === undefined || !samePrice(wanted, current))) {
    changes.push(change({ tokenType, effectiveFrom: now, pricePerMillion: wanted }, current ?? null, "now"));
  }
  return changes;
}

/**
 * What `npm run prices:sync` would change: dataset models the catalog lacks (with their history and aliases),
 * cost-rate rows that bring stored histories up to the dataset (see typeChanges), and dataset aliases a stored
 * model lacks. Aliases are only ever added (an operator's own aliases stay); stored models the dataset does not
 * know are left alone. Pure: same inputs, same diff, sorted by model id.
 */
export function diffPriceCatalog(
  dataset: readonly CatalogModel[],
  stored: StoredCatalog,
  now: Date,
  source: string,
): PricesSyncDiff {
  const diff: PricesSyncDiff = { source, now, newModels: [], costRateChanges: [], aliasChanges: [] };
  for (const model of [...dataset].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const current = stored.get(model.id);
    if (!current) {
      diff.newModels.push({
        id: model.id,
        provider: model.provider,
        displayName: model.displayName,
        aliases: model.aliases,
        costRates: TOKEN_TYPES.flatMap((tokenType) => datasetPoints(model, tokenType)),
      });
      continue;
    }
    for (const tokenType of TOKEN_TYPES) {
      const storedRates = current.costRates.filter((rate) => rate.tokenType === tokenType);
      diff.costRateChanges.push(...typeChanges(model.id, tokenType, datasetPoints(model, tokenType), storedRates, now));
    }
    const added = model.aliases.filter((alias) => !current.aliases.includes(alias));
    if (added.length > 0) diff.aliasChanges.push({ modelId: model.id, before: current.aliases, added });
  }
  return diff;
}

import type { Decimal } from "decimal.js";
import type { ModelRates } from "../rating.ts";
import type { TokenType } from "../token-types.ts";

export interface DatedRateRow {
  modelId: string;
  tokenType: TokenType;
  effectiveFrom: Date;
  pricePerMillion: Decimal;
}

export type DatedRatesLookup = (modelId: string, at: Date) => ModelRates | undefined;

/**
 * Rates that change over time (the catalog's provider cost rates): a row is in force from its effectiveFrom
 * (inclusive) until the next row of the same model and token type. An instant one millisecond before a change
 * gets the old rate. Undefined when the model has no rate in force at that instant.
 */
export function createDatedRatesLookup(rows: readonly DatedRateRow[]): DatedRatesLookup {
  const byModel = new Map<string, Map<TokenType, { from: number; rate: Decimal }[]>>();
  for (const row of rows) {
    let types = byModel.get(row.modelId);
    if (!types) byModel.set(row.modelId, (types = new Map<TokenType, { from: number; rate: Decimal }[]>()));
    let history = types.get(row.tokenType);
    if (!history) types.set(row.tokenType, (history = []));
    history.push({ from: row.effectiveFrom.getTime(), rate: row.pricePerMillion });
  }
  // Between two changes of any of a model's types its rates are constant: one shared object per such span, so a
  // lookup per event allocates nothing.
  const spansByModel = new Map<string, { from: number; rates: ModelRates | undefined }[]>();
  for (const [modelId, types] of byModel) {
    for (const history of types.values()) history.sort((a, b) => a.from - b.from);
    const changes = [...new Set([...types.values()].flatMap((history) => history.map((entry) => entry.from)))];
    changes.sort((a, b) => a - b);
    spansByModel.set(
      modelId,
      changes.map((from) => ({ from, rates: ratesAt(types, from) })),
    );
  }
  return (modelId, at) => {
    const spans = spansByModel.get(modelId);
    return spans ? lastAtOrBefore(spans, at.getTime())?.rates : undefined;
  };
}

function ratesAt(types: ReadonlyMap<TokenType, readonly { from: number; rate: Decimal }[]>, time: number) {
  const rates: ModelRates = {};
  let any = false;
  for (const [type, history] of types) {
    const rate = lastAtOrBefore(history, time)?.rate;
    if (rate) {
      rates[type] = rate;
      any = true;
    }
  }
  return any ? Object.freeze(rates) : undefined;
}

/** Binary search for the last entry starting at or before `time` (entries sorted by `from`). */
function lastAtOrBefore<T extends { from: number }>(entries: readonly T[], time: number): T | undefined {
  let low = 0;
  let high = entries.length - 1;
  let found: T | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const entry = entries[middle];
    if (!entry) break;
    if (entry.from <= time) {
      found = entry;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

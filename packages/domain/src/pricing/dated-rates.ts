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
  for (const types of byModel.values()) for (const history of types.values()) history.sort((a, b) => a.from - b.from);
  return (modelId, at) => {
    const types = byModel.get(modelId);
    if (!types) return undefined;
    const time = at.getTime();
    const rates: ModelRates = {};
    let any = false;
    for (const [type, history] of types) {
      const rate = rateAt(history, time);
      if (rate) {
        rates[type] = rate;
        any = true;
      }
    }
    return any ? rates : undefined;
  };
}

/** Binary search for the last change at or before `time`. */
function rateAt(history: readonly { from: number; rate: Decimal }[], time: number): Decimal | undefined {
  let low = 0;
  let high = history.length - 1;
  let found: Decimal | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const entry = history[middle];
    if (!entry) break;
    if (entry.from <= time) {
      found = entry.rate;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

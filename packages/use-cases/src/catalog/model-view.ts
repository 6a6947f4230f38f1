import { TOKEN_TYPES, type TokenType } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { decimalText } from "../shared/change-context.ts";

/** One provider cost rate: price per 1,000,000 tokens of a type, in force from effectiveFrom until the next one. */
export interface CostRateView {
  tokenType: TokenType;
  effectiveFrom: Date;
  /** Exact decimal string (USD). */
  pricePerMillion: string;
  /** Where it came from: "genai-prices <version>", "operator". */
  source: string;
}

export interface ModelView {
  id: string;
  provider: string;
  displayName: string;
  aliases: string[];
  /** The rate in force now (or at the `at` asked for) per token type; a type without one is absent. */
  costRates: Partial<Record<TokenType, CostRateView>>;
  createdAt: Date;
  updatedAt: Date;
}

export interface ModelDetailView extends ModelView {
  /** Every cost rate, past and scheduled, by token type then effectiveFrom. */
  costRateHistory: CostRateView[];
}

interface CostRateRow {
  tokenType: TokenType;
  effectiveFrom: Date;
  pricePerMillion: { toFixed(): string };
  source: string;
}

export function toCostRateView(row: CostRateRow): CostRateView {
  return {
    tokenType: row.tokenType,
    effectiveFrom: row.effectiveFrom,
    pricePerMillion: decimalText(row.pricePerMillion),
    source: row.source,
  };
}

const typeOrder = (type: TokenType) => TOKEN_TYPES.indexOf(type);

/** Token type order, then oldest first. */
export function sortCostRates<R extends { tokenType: TokenType; effectiveFrom: Date }>(rows: R[]): R[] {
  return rows.sort(
    (a, b) => typeOrder(a.tokenType) - typeOrder(b.tokenType) || a.effectiveFrom.getTime() - b.effectiveFrom.getTime(),
  );
}

/** Per token type, the latest rate that has started at `at`. */
export function ratesInForce(rates: readonly CostRateView[], at: Date): Partial<Record<TokenType, CostRateView>> {
  const current: Partial<Record<TokenType, CostRateView>> = {};
  for (const rate of rates) {
    if (rate.effectiveFrom > at) continue;
    const known = current[rate.tokenType];
    if (!known || known.effectiveFrom < rate.effectiveFrom) current[rate.tokenType] = rate;
  }
  return current;
}

/** The model with its whole cost-rate history, or null when there is no such model. */
export async function loadModelDetail(db: DbOrTx, id: string, at: Date): Promise<ModelDetailView | null> {
  const model = await db.model.findUnique({ where: { id }, include: { costRates: true } });
  if (!model) return null;
  const history = sortCostRates(model.costRates.map(toCostRateView));
  return {
    id: model.id,
    provider: model.provider,
    displayName: model.displayName,
    aliases: model.aliases,
    costRates: ratesInForce(history, at),
    createdAt: model.createdAt,
    updatedAt: model.updatedAt,
    costRateHistory: history,
  };
}

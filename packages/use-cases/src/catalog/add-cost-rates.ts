import { costRateSourceSchema, costRatesInputSchema } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import type { PricingPorts } from "../pricing/rating-sweeps.ts";
import { authorizeCatalogChange, type CatalogChange } from "./catalog-change.ts";
import { inTransaction, parseField } from "../shared/change-context.ts";
import { planCostRates } from "./cost-rate-rules.ts";
import { OPERATOR_COST_RATE_SOURCE, type CostRateChangeInput } from "./create-model.ts";
import { lockModel } from "./model-lock.ts";
import { loadModelDetail, type CostRateView, type ModelDetailView } from "./model-view.ts";

export interface AddCostRatesResult {
  model: ModelDetailView;
  /** The rows written; empty when every rate already existed as given (a retried request). */
  created: CostRateView[];
}

/**
 * Adds a dated cost-rate change to a model: from effectiveFrom (default now) the given token types cost the given
 * prices. The rules that keep history intact are in planCostRates (`conflict` otherwise); `not_found` for an unknown
 * model. Audited: before = the prices each new row supersedes, after = the new prices.
 */
export async function addCostRates(
  db: DbOrTx,
  modelId: string,
  input: CostRateChangeInput,
  change: CatalogChange,
  options: { now?: Date } & PricingPorts = {},
): Promise<AddCostRatesResult> {
  const { actor, reason } = authorizeCatalogChange(change);
  const rates = parseField(costRatesInputSchema, input.rates, "rates");
  const source = parseField(costRateSourceSchema, input.source ?? OPERATOR_COST_RATE_SOURCE, "source");
  const now = options.now ?? new Date();
  const effectiveFrom = input.effectiveFrom ?? now;

  const result = await inTransaction(db, async (tx) => {
    await lockModel(tx, modelId);
    const existing = await loadModelDetail(tx, modelId, now);
    if (!existing) throw new Error(`model ${modelId} vanished while locked`);
    const planned = planCostRates(existing.costRateHistory, effectiveFrom, rates, now);
    if (planned.inserts.length === 0) return { model: existing, created: [] };
    await tx.modelCostRate.createMany({
      data: planned.inserts.map((rate) => ({ modelId, effectiveFrom, source, ...rate })),
    });
    const created = planned.inserts.map((rate) => ({ ...rate, effectiveFrom, source }));
    const after = Object.fromEntries(planned.inserts.map((rate) => [rate.tokenType, rate.pricePerMillion]));
    await writeAuditLog(tx, {
      actor,
      action: "model_cost_rates.add",
      targetType: "model",
      targetId: modelId,
      reason,
      before: { effectiveFrom, rates: planned.before },
      after: { effectiveFrom, rates: after, source },
    });
    const model = await loadModelDetail(tx, modelId, now);
    if (!model) throw new Error(`model ${modelId} vanished while locked`);
    return { model, created };
  });
  // New cost rates can price events that cost-based plans could not rate before, for every tenant.
  if (result.created.length > 0) await options.ratingSweeps?.request();
  return result;
}

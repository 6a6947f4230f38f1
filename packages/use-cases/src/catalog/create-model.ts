import {
  AppError,
  catalogModelIdSchema,
  catalogProviderSchema,
  costRateSourceSchema,
  costRatesInputSchema,
  modelAliasesSchema,
  modelDisplayNameSchema,
  type CostRatesInput,
} from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import type { PricingPorts } from "../pricing/rating-sweeps.ts";
import { assertAliasesFree } from "./alias-conflicts.ts";
import { authorizeCatalogChange, type CatalogChange } from "./catalog-change.ts";
import { inTransaction, parseField } from "../shared/change-context.ts";
import { planCostRates } from "./cost-rate-rules.ts";
import { loadModelDetail, type ModelDetailView } from "./model-view.ts";

export const OPERATOR_COST_RATE_SOURCE = "operator";

export interface CostRateChangeInput {
  /** Default: now. */
  effectiveFrom?: Date | undefined;
  rates: CostRatesInput;
  /** Default "operator". */
  source?: string | undefined;
}

export interface CreateModelInput {
  id: string;
  provider: string;
  displayName: string;
  aliases?: string[] | undefined;
  /** Its first cost rates; any effectiveFrom is accepted (a new model has no history to rewrite). */
  costRates?: CostRateChangeInput | undefined;
}

/** Adds a model to the catalog; `conflict` when the id exists or an exact alias is taken. Audited. */
export async function createModel(
  db: DbOrTx,
  input: CreateModelInput,
  change: CatalogChange,
  options: { now?: Date } & PricingPorts = {},
): Promise<ModelDetailView> {
  const { actor, reason } = authorizeCatalogChange(change);
  const id = parseField(catalogModelIdSchema, input.id, "id");
  const provider = parseField(catalogProviderSchema, input.provider, "provider");
  if (!id.startsWith(`${provider}/`) || id.length === provider.length + 1) {
    throw new AppError("bad_request", `id: must be "${provider}/<model name>" (the provider, a slash, the name)`);
  }
  const displayName = parseField(modelDisplayNameSchema, input.displayName, "display_name");
  const aliases = parseField(modelAliasesSchema, input.aliases ?? [], "aliases");
  const rates = input.costRates && parseField(costRatesInputSchema, input.costRates.rates, "cost_rates.rates");
  const source = parseField(
    costRateSourceSchema,
    input.costRates?.source ?? OPERATOR_COST_RATE_SOURCE,
    "cost_rates.source",
  );
  const now = options.now ?? new Date();
  const effectiveFrom = input.costRates?.effectiveFrom ?? now;

  const created = await inTransaction(db, async (tx) => {
    // ON CONFLICT DO NOTHING: a concurrent create of the same id is a clean 409, not an aborted transaction.
    const created = await tx.model.createMany({ data: [{ id, provider, displayName, aliases }], skipDuplicates: true });
    if (created.count === 0) throw new AppError("conflict", `model ${id} already exists`);
    await assertAliasesFree(tx, id, aliases);
    const planned = rates ? planCostRates([], effectiveFrom, rates, now) : { inserts: [] };
    await tx.modelCostRate.createMany({
      data: planned.inserts.map((rate) => ({ modelId: id, effectiveFrom, source, ...rate })),
    });
    const model = await loadModelDetail(tx, id, now);
    if (!model) throw new Error(`model ${id} vanished inside its own transaction`);
    await writeAuditLog(tx, {
      actor,
      action: "model.create",
      targetType: "model",
      targetId: id,
      reason,
      before: null,
      after: { id, provider, displayName, aliases, costRates: model.costRateHistory },
    });
    return model;
  });
  // A new model (or alias) can make events sent under its name rateable, for every tenant.
  await options.ratingSweeps?.request();
  return created;
}

import { AppError } from "@tollgate/domain";
import type { DbOrTx, DbTx } from "@tollgate/db";
import type { CatalogModel } from "../seed/price-catalog.ts";
import { insertCostRates } from "../seed/seed-cost-rates.ts";
import { seedModels } from "../seed/seed-models.ts";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction } from "../shared/change-context.ts";
import { diffPriceCatalog, type CostRateChange, type PricesSyncDiff } from "./prices-sync-diff.ts";
import { loadStoredCatalog } from "./prices-sync-state.ts";

export const PRICES_SYNC_ACTOR = "system:prices-sync";

export interface PricesSyncResult {
  modelsCreated: number;
  costRatesCreated: number;
  aliasesUpdated: number;
  auditEntries: number;
}

function groupChanges(changes: readonly CostRateChange[]): Map<string, CostRateChange[]> {
  const groups = new Map<string, CostRateChange[]>();
  for (const change of changes) {
    const key = `${change.modelId}\u0000${change.effectiveFrom.toISOString()}`;
    groups.set(key, [...(groups.get(key) ?? []), change]);
  }
  return groups;
}

/**
 * Applies a diff that was shown (and confirmed), in one transaction, as system:prices-sync with audit entries.
 * Syncs are serialized by an advisory lock, and every model row is locked so operator changes wait; the diff is
 * then computed again from what is stored and must equal `shown` (same `now`), else `conflict` and nothing is
 * written: what was confirmed is exactly what is applied. `actor`: who is audited (the CLI's system actor, or the
 * operator who applied it in the console).
 */
export async function applyPricesSync(
  db: DbOrTx,
  dataset: readonly CatalogModel[],
  shown: PricesSyncDiff,
  actor: string = PRICES_SYNC_ACTOR,
): Promise<PricesSyncResult> {
  return inTransaction(db, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tollgate:prices-sync'))`;
    await tx.$executeRaw`SELECT 1 FROM (SELECT id FROM models ORDER BY id FOR NO KEY UPDATE) AS locked`;
    const diff = diffPriceCatalog(dataset, await loadStoredCatalog(tx), shown.now, shown.source);
    if (JSON.stringify(diff) !== JSON.stringify(shown)) {
      throw new AppError("conflict", "the catalog changed since the diff was computed; run prices:sync again");
    }
    return writeDiff(tx, dataset, diff, actor);
  });
}

async function writeDiff(
  tx: DbTx,
  dataset: readonly CatalogModel[],
  diff: PricesSyncDiff,
  actor: string,
): Promise<PricesSyncResult> {
  const reason = `prices:sync from ${diff.source}`;
  const audit = { actor, targetType: "model", reason };
  let auditEntries = 0;

  const newIds = new Set(diff.newModels.map((model) => model.id));
  const modelsCreated = await seedModels(
    tx,
    dataset.filter((model) => newIds.has(model.id)),
  );
  if (modelsCreated !== newIds.size) throw new AppError("conflict", "a new model appeared during prices:sync");
  let costRatesCreated = await insertCostRates(
    tx,
    diff.newModels.flatMap((model) =>
      model.costRates.map((rate) => ({ modelId: model.id, price: rate.pricePerMillion, ...rate })),
    ),
    diff.source,
    { onlyUnpricedTypes: false },
  );
  for (const model of diff.newModels) {
    await writeAuditLog(tx, { ...audit, action: "model.create", targetId: model.id, before: null, after: model });
    auditEntries += 1;
  }

  costRatesCreated += await insertCostRates(
    tx,
    diff.costRateChanges.map((change) => ({ ...change, price: change.newPrice })),
    diff.source,
    { onlyUnpricedTypes: false },
  );
  // One entry per model and effective date, shaped like an operator's cost-rate change.
  for (const changes of groupChanges(diff.costRateChanges).values()) {
    const first = changes[0];
    if (!first) continue;
    const pricesOf = (pick: (change: CostRateChange) => string | null) =>
      Object.fromEntries(changes.map((change) => [change.tokenType, pick(change)]));
    await writeAuditLog(tx, {
      ...audit,
      action: "model_cost_rates.add",
      targetId: first.modelId,
      before: { effectiveFrom: first.effectiveFrom, rates: pricesOf((change) => change.oldPrice) },
      after: { effectiveFrom: first.effectiveFrom, rates: pricesOf((change) => change.newPrice), source: diff.source },
    });
    auditEntries += 1;
  }

  for (const change of diff.aliasChanges) {
    const aliases = [...change.before, ...change.added];
    await tx.model.update({ where: { id: change.modelId }, data: { aliases } });
    await writeAuditLog(tx, {
      ...audit,
      action: "model.update",
      targetId: change.modelId,
      before: { aliases: change.before },
      after: { aliases },
    });
    auditEntries += 1;
  }
  return { modelsCreated, costRatesCreated, aliasesUpdated: diff.aliasChanges.length, auditEntries };
}

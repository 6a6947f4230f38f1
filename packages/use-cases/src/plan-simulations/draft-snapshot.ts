import type { DbOrTx } from "@tollgate/db";

/** A draft's explicit rate as simulations snapshot it (the worker's DraftRate shape). */
export interface DraftRateSnapshot {
  model_id: string;
  condition: string;
  token_type: string;
  price: string;
}

/** The draft's pricing document and explicit rates, in a fixed order, so two snapshots compare as JSON. */
export async function draftSnapshot(
  db: DbOrTx,
  versionId: string,
): Promise<{ pricing: unknown; rates: DraftRateSnapshot[] }> {
  const version = await db.planVersion.findUniqueOrThrow({ where: { id: versionId }, select: { pricing: true } });
  const rates = await db.$queryRaw<DraftRateSnapshot[]>`
    SELECT model_id, condition, token_type::text AS token_type, price_per_million::text AS price
      FROM plan_rates WHERE plan_version_id = ${versionId}::uuid
     ORDER BY model_id, condition, token_type`;
  return { pricing: version.pricing, rates };
}

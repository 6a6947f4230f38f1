import type { PeriodTotal } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";

/** The ledger totals billed on one of a tenant's periods (ledger_period_totals; a handful of rows per model). */
export async function loadPeriodTotals(db: DbOrTx, tenantId: string, billedPeriodStart: Date): Promise<PeriodTotal[]> {
  const rows = await db.$queryRaw<
    {
      origin_period_start: Date;
      kind: string;
      currency: string;
      model_id: string;
      token_type: string;
      plan_version_id: string;
      description: string;
      quantity: string;
      amount: string;
    }[]
  >`
    SELECT origin_period_start, kind::text AS kind, trim(currency) AS currency, model_id, token_type, plan_version_id,
           description, quantity::text AS quantity, amount::text AS amount
      FROM ledger_period_totals
     WHERE tenant_id = ${tenantId}::uuid AND billed_period_start = ${billedPeriodStart}`;
  return rows.map((row) => ({
    originPeriodStart: row.origin_period_start,
    kind: row.kind,
    currency: row.currency,
    modelId: row.model_id,
    tokenType: row.token_type,
    planVersionId: row.plan_version_id,
    description: row.description,
    quantity: BigInt(row.quantity),
    amount: row.amount,
  }));
}

/** "Pro v3" for each plan version the totals name. */
export async function planVersionLabels(db: DbOrTx, totals: readonly PeriodTotal[]): Promise<Map<string, string>> {
  const ids = [...new Set(totals.map((t) => t.planVersionId).filter((id) => id !== ""))];
  if (ids.length === 0) return new Map();
  const versions = await db.$queryRaw<{ id: string; version: number; name: string }[]>`
    SELECT v.id::text AS id, v.version, p.name FROM plan_versions v JOIN plans p ON p.id = v.plan_id
     WHERE v.id = ANY(${ids}::uuid[])`;
  return new Map(versions.map((v) => [v.id, `${v.name} v${v.version.toString()}`]));
}

import type { DbOrTx } from "@tollgate/db";

export interface PlanInForce {
  planCode: string;
  planName: string;
  version: number;
  planVersionId: string;
  currency: string;
  since: Date;
}

/**
 * The plan version a tenant is subscribed to at `at` (null when it has no subscription then). One query with its
 * joins, not a subscription read followed by its version's and plan's: every usage read (the explorer, the overview)
 * waits on it, and each round trip costs most under load.
 */
export async function getPlanInForce(db: DbOrTx, tenantId: string, at: Date): Promise<PlanInForce | null> {
  const [row] = await db.$queryRaw<
    { code: string; name: string; version: number; id: string; currency: string; starts_at: Date }[]
  >`
    SELECT p.code, p.name, v.version, v.id::text AS id, v.currency, s.starts_at
      FROM subscriptions s
      JOIN plan_versions v ON v.id = s.plan_version_id
      JOIN plans p ON p.id = v.plan_id
     WHERE s.tenant_id = ${tenantId}::uuid AND s.starts_at <= ${at} AND (s.ends_at IS NULL OR s.ends_at > ${at})
     ORDER BY s.starts_at DESC
     LIMIT 1`;
  if (!row) return null;
  return {
    planCode: row.code,
    planName: row.name,
    version: row.version,
    planVersionId: row.id,
    currency: row.currency.trim(),
    since: row.starts_at,
  };
}

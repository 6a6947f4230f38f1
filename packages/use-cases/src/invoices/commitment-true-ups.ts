import { commitmentTrueUp, money, toDecimalString } from "@tollgate/domain";
import type { DbTx } from "@tollgate/db";

/**
 * Books the minimum-commitment true-up of every plan version with a minimum the tenant was subscribed to during
 * the period: the prorated minimum less what usage under the version charged in the period (from its ledger
 * totals), when positive. Written in the closing transaction, so it lands on the period's own invoice. The key
 * `true_up:<version>:<period start>` is the one the worker's backstop job uses, so it is never booked twice.
 */
export async function bookCommitmentTrueUps(
  tx: DbTx,
  tenantId: string,
  period: { start: Date; end: Date },
): Promise<number> {
  const rows = await tx.$queryRaw<
    {
      plan_version_id: string;
      currency: string;
      minimum: string;
      starts_at: Date;
      ends_at: Date | null;
      charged: string;
    }[]
  >`
    SELECT s.plan_version_id::text AS plan_version_id, trim(pv.currency) AS currency,
           pv.pricing->>'minimum_commitment' AS minimum, s.starts_at, s.ends_at,
           coalesce((SELECT sum(t.amount) FROM ledger_period_totals t
                      WHERE t.tenant_id = s.tenant_id AND t.kind = 'usage_charge'
                        AND t.plan_version_id = s.plan_version_id::text
                        AND t.origin_period_start = ${period.start}), 0)::text AS charged
      FROM subscriptions s JOIN plan_versions pv ON pv.id = s.plan_version_id
     WHERE s.tenant_id = ${tenantId}::uuid AND pv.pricing->>'minimum_commitment' IS NOT NULL
       AND s.starts_at < ${period.end} AND (s.ends_at IS NULL OR s.ends_at > ${period.start})`;
  let booked = 0;
  for (const row of rows) {
    const from = Math.max(period.start.getTime(), row.starts_at.getTime());
    const to = Math.min(period.end.getTime(), row.ends_at?.getTime() ?? period.end.getTime());
    const due = commitmentTrueUp({
      minimum: money(row.minimum),
      charged: money(row.charged),
      coveredMs: Math.max(0, to - from),
      periodMs: period.end.getTime() - period.start.getTime(),
    });
    if (due.isZero()) continue;
    booked += await tx.$executeRaw`
      INSERT INTO ledger_entries (tenant_id, kind, amount, currency, occurred_at, idempotency_key, plan_version_id,
        description)
      VALUES (${tenantId}::uuid, 'commitment_true_up', ${toDecimalString(due)}::numeric, ${row.currency},
        ${period.start}, ${`true_up:${row.plan_version_id}:${period.start.toISOString()}`},
        ${row.plan_version_id}::uuid, 'minimum commitment true-up')
      ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`;
  }
  return booked;
}

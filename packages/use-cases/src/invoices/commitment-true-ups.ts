import {
  commitmentTrueUp,
  money,
  nominalPeriodMs,
  toDecimalString,
  type BillingAnchor,
  type Money,
  type PeriodTotal,
} from "@tollgate/domain";
import type { DbOrTx, DbTx } from "@tollgate/db";

export interface TrueUpDue {
  planVersionId: string;
  currency: string;
  amount: Money;
}

/**
 * The minimum-commitment true-up of every plan version with a minimum the tenant was subscribed to during the
 * period: the minimum, prorated by the share of the period the subscription covers, less what usage under the
 * version has charged in the period so far (its ledger totals), where positive.
 */
export async function commitmentTrueUpsDue(
  db: DbOrTx,
  tenantId: string,
  period: { start: Date; end: Date },
  anchor: BillingAnchor,
): Promise<TrueUpDue[]> {
  const rows = await db.$queryRaw<
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
  return rows.flatMap((row) => {
    const from = Math.max(period.start.getTime(), row.starts_at.getTime());
    const to = Math.min(period.end.getTime(), row.ends_at?.getTime() ?? period.end.getTime());
    const amount = commitmentTrueUp({
      minimum: money(row.minimum),
      charged: money(row.charged),
      coveredMs: Math.max(0, to - from),
      // A short period after an anchor change is prorated against a whole period of the new anchor.
      periodMs: nominalPeriodMs(period.start, anchor),
    });
    return amount.isZero() ? [] : [{ planVersionId: row.plan_version_id, currency: row.currency, amount }];
  });
}

/**
 * Books the period's true-ups as `commitment_true_up` ledger entries, in the closing transaction, so they land on
 * the period's own invoice. The key `true_up:<version>:<period start>` is the one the worker's backstop job uses,
 * so none is ever booked twice.
 */
export async function bookCommitmentTrueUps(
  tx: DbTx,
  tenantId: string,
  period: { start: Date; end: Date },
  anchor: BillingAnchor,
): Promise<number> {
  let booked = 0;
  for (const due of await commitmentTrueUpsDue(tx, tenantId, period, anchor)) {
    booked += await tx.$executeRaw`
      INSERT INTO ledger_entries (tenant_id, kind, amount, currency, occurred_at, idempotency_key, plan_version_id,
        description)
      VALUES (${tenantId}::uuid, 'commitment_true_up', ${toDecimalString(due.amount)}::numeric, ${due.currency},
        ${period.start}, ${`true_up:${due.planVersionId}:${period.start.toISOString()}`},
        ${due.planVersionId}::uuid, ${TRUE_UP_DESCRIPTION})
      ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`;
  }
  return booked;
}

const TRUE_UP_DESCRIPTION = "minimum commitment true-up";

/**
 * The period's true-ups as the totals rows a close would book, for the live draft of a period not closed yet: the
 * upcoming invoice shows what the minimum adds if usage stays as it is (marked projected on the line).
 */
export function projectedTrueUpTotals(period: { start: Date }, dues: readonly TrueUpDue[]): PeriodTotal[] {
  return dues.map((due) => ({
    originPeriodStart: period.start,
    kind: "commitment_true_up",
    currency: due.currency,
    modelId: "",
    tokenType: "",
    planVersionId: due.planVersionId,
    description: TRUE_UP_DESCRIPTION,
    quantity: 0n,
    amount: toDecimalString(due.amount),
  }));
}

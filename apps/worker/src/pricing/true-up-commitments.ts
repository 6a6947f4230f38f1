import {
  billingPeriodEnd,
  billingPeriodStart,
  commitmentTrueUp,
  MAX_EVENT_AGE_MS,
  MAX_EVENT_SKEW_MS,
  money,
  toDecimalString,
} from "@tollgate/domain";
import type { Pool } from "pg";

export interface TrueUpResult {
  /** True-up ledger entries written by this call. */
  booked: number;
}

/** A month is closed once no event for it can still be accepted (ingest takes events up to 35 days old). */
const CLOSING_DELAY_MS = MAX_EVENT_AGE_MS + MAX_EVENT_SKEW_MS;

interface Candidate {
  tenantId: string;
  planVersionId: string;
  currency: string;
  minimum: string;
  periodStart: Date;
  coveredMs: number;
  periodMs: number;
}

/**
 * Books the minimum monthly commitment of plan versions that have one: for every closed month a tenant was
 * subscribed to such a version, a `commitment_true_up` ledger entry of the (prorated) minimum less what usage under
 * the version charged that month, when positive. Once per (tenant, version, month): the key
 * `true_up:<version>:<month>` makes every run after the first write nothing. Charges re-rated into a month after its
 * true-up (a price added long after) are billed on top: the true-up is final once booked.
 */
export async function trueUpCommitments(
  pool: Pool,
  options: { tenantId?: string; now?: Date } = {},
): Promise<TrueUpResult> {
  const now = options.now ?? new Date();
  const closedBefore = new Date(now.getTime() - CLOSING_DELAY_MS);
  const subscriptions = await pool.query<{
    tenant_id: string;
    plan_version_id: string;
    currency: string;
    minimum: string;
    starts_at: Date;
    ends_at: Date | null;
  }>(
    `SELECT s.tenant_id, s.plan_version_id, pv.currency, pv.pricing->>'minimum_commitment' AS minimum,
            s.starts_at, s.ends_at
       FROM subscriptions s JOIN plan_versions pv ON pv.id = s.plan_version_id
      WHERE pv.pricing->>'minimum_commitment' IS NOT NULL AND s.starts_at < $1
        AND ($2::uuid IS NULL OR s.tenant_id = $2::uuid)`,
    [closedBefore, options.tenantId ?? null],
  );
  const candidates: Candidate[] = [];
  for (const row of subscriptions.rows) {
    if (money(row.minimum).isZero()) continue;
    const until = row.ends_at && row.ends_at < closedBefore ? row.ends_at : closedBefore;
    for (let start = billingPeriodStart(row.starts_at); start < until; start = billingPeriodEnd(start)) {
      const end = billingPeriodEnd(start);
      if (end > closedBefore) break;
      const from = Math.max(start.getTime(), row.starts_at.getTime());
      const to = Math.min(end.getTime(), row.ends_at?.getTime() ?? end.getTime());
      candidates.push({
        tenantId: row.tenant_id,
        planVersionId: row.plan_version_id,
        currency: row.currency.trim(),
        minimum: row.minimum,
        periodStart: start,
        coveredMs: Math.max(0, to - from),
        periodMs: end.getTime() - start.getTime(),
      });
    }
  }
  if (candidates.length === 0) return { booked: 0 };
  const keyOf = (c: Candidate) => `true_up:${c.planVersionId}:${c.periodStart.toISOString()}`;
  // Months already trued up are skipped before summing their charges.
  const booked = await pool.query<{ tenant_id: string; idempotency_key: string }>(
    `SELECT l.tenant_id, l.idempotency_key FROM ledger_entries l
       JOIN unnest($1::uuid[], $2::text[]) AS k(tenant_id, key) ON l.tenant_id = k.tenant_id AND l.idempotency_key = k.key`,
    [candidates.map((c) => c.tenantId), candidates.map(keyOf)],
  );
  const done = new Set(booked.rows.map((row) => `${row.tenant_id}|${row.idempotency_key}`));
  const open = candidates.filter((c) => !done.has(`${c.tenantId}|${keyOf(c)}`));
  if (open.length === 0) return { booked: 0 };
  const charged = await pool.query<{ charged: string | null }>(
    `SELECT (SELECT sum(l.amount) FROM ledger_entries l
              WHERE l.tenant_id = k.tenant_id AND l.kind = 'usage_charge' AND l.plan_version_id = k.plan_version_id
                AND l.occurred_at >= k.period_start AND l.occurred_at < k.period_end)::text AS charged
       FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY
         AS k(tenant_id, plan_version_id, period_start, period_end, position)
      ORDER BY k.position`,
    [
      open.map((c) => c.tenantId),
      open.map((c) => c.planVersionId),
      open.map((c) => c.periodStart),
      open.map((c) => billingPeriodEnd(c.periodStart)),
    ],
  );
  const entries = open.flatMap((candidate, index) => {
    const due = commitmentTrueUp({
      minimum: money(candidate.minimum),
      charged: money(charged.rows[index]?.charged ?? "0"),
      coveredMs: candidate.coveredMs,
      periodMs: candidate.periodMs,
    });
    return due.isZero() ? [] : [{ candidate, due }];
  });
  if (entries.length === 0) return { booked: 0 };
  const written = await pool.query(
    `INSERT INTO ledger_entries (tenant_id, kind, amount, currency, occurred_at, idempotency_key, plan_version_id,
        description)
     SELECT e.tenant_id, 'commitment_true_up', e.amount, e.currency, e.period_start, e.key, e.plan_version_id,
        'minimum commitment true-up'
       FROM unnest($1::uuid[], $2::numeric[], $3::text[], $4::timestamptz[], $5::text[], $6::uuid[])
         AS e(tenant_id, amount, currency, period_start, key, plan_version_id)
     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
    [
      entries.map((e) => e.candidate.tenantId),
      entries.map((e) => toDecimalString(e.due)),
      entries.map((e) => e.candidate.currency),
      entries.map((e) => e.candidate.periodStart),
      entries.map((e) => keyOf(e.candidate)),
      entries.map((e) => e.candidate.planVersionId),
    ],
  );
  return { booked: written.rowCount ?? 0 };
}

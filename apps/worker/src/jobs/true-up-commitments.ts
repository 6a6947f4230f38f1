import {
  billingPeriodEnd,
  billingPeriodStart,
  nominalPeriodMs,
  commitmentTrueUp,
  MAX_EVENT_AGE_MS,
  MAX_EVENT_SKEW_MS,
  money,
  toDecimalString,
} from "@tollgate/domain";
import type { Pool } from "pg";
import { bookedKeys, chargedPerMonth, commitmentSubscriptions, insertTrueUps } from "../store/commitments-store.ts";

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
  periodEnd: Date;
  coveredMs: number;
  periodMs: number;
}

/**
 * Books the minimum monthly commitment of plan versions that have one: for every closed billing period (starting on
 * the tenant's anchor day) a tenant was subscribed to such a version, a `commitment_true_up` ledger entry of the
 * (prorated) minimum less what usage under the version charged in the period, when positive. Once per (tenant,
 * version, period): the key `true_up:<version>:<period start>` (the close's key) makes every run after the first
 * write nothing. A backstop: the close books the true-up of every period it finalizes. Charges re-rated into a month after its
 * true-up (a price added long after) are billed on top: the true-up is final once booked.
 */
export async function trueUpCommitments(
  pool: Pool,
  options: { tenantId?: string; now?: Date } = {},
): Promise<TrueUpResult> {
  const now = options.now ?? new Date();
  const closedBefore = new Date(now.getTime() - CLOSING_DELAY_MS);
  const subscriptions = await commitmentSubscriptions(pool, closedBefore, options.tenantId ?? null);
  const candidates: Candidate[] = [];
  for (const row of subscriptions) {
    if (money(row.minimum).isZero()) continue;
    const until = row.ends_at && row.ends_at < closedBefore ? row.ends_at : closedBefore;
    const anchor = { day: row.anchor_day, nextDay: row.next_anchor_day, changesAt: row.anchor_changes_at };
    for (
      let start = billingPeriodStart(row.starts_at, anchor);
      start < until;
      start = billingPeriodEnd(start, anchor)
    ) {
      const end = billingPeriodEnd(start, anchor);
      if (end > closedBefore) break;
      const from = Math.max(start.getTime(), row.starts_at.getTime());
      const to = Math.min(end.getTime(), row.ends_at?.getTime() ?? end.getTime());
      candidates.push({
        tenantId: row.tenant_id,
        planVersionId: row.plan_version_id,
        currency: row.currency.trim(),
        minimum: row.minimum,
        periodStart: start,
        periodEnd: end,
        coveredMs: Math.max(0, to - from),
        // A short period after an anchor change is prorated against a whole period of the new anchor.
        periodMs: nominalPeriodMs(start, anchor),
      });
    }
  }
  if (candidates.length === 0) return { booked: 0 };
  const keyOf = (c: Candidate) => `true_up:${c.planVersionId}:${c.periodStart.toISOString()}`;
  // Months already trued up are skipped before summing their charges.
  const booked = await bookedKeys(
    pool,
    candidates.map((c) => ({ tenantId: c.tenantId, key: keyOf(c) })),
  );
  const done = new Set(booked.map((row) => `${row.tenant_id}|${row.idempotency_key}`));
  const open = candidates.filter((c) => !done.has(`${c.tenantId}|${keyOf(c)}`));
  if (open.length === 0) return { booked: 0 };
  const charged = await chargedPerMonth(
    pool,
    open.map((c) => ({
      tenantId: c.tenantId,
      planVersionId: c.planVersionId,
      periodStart: c.periodStart,
      periodEnd: c.periodEnd,
    })),
  );
  const entries = open.flatMap((candidate, index) => {
    const due = commitmentTrueUp({
      minimum: money(candidate.minimum),
      charged: money(charged[index] ?? "0"),
      coveredMs: candidate.coveredMs,
      periodMs: candidate.periodMs,
    });
    return due.isZero() ? [] : [{ candidate, due }];
  });
  if (entries.length === 0) return { booked: 0 };
  const written = await insertTrueUps(
    pool,
    entries.map((e) => ({
      tenantId: e.candidate.tenantId,
      amount: toDecimalString(e.due),
      currency: e.candidate.currency,
      periodStart: e.candidate.periodStart,
      key: keyOf(e.candidate),
      planVersionId: e.candidate.planVersionId,
    })),
  );
  return { booked: written };
}

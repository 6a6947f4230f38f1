import { money, PeriodCounters, toDecimalString } from "@tollgate/domain";
import type { PoolClient } from "pg";
import { periodKey, type CounterKey, type CountersByPeriod } from "../rating/period-counters.ts";
import { prepared } from "./prepared-statement.ts";

const compareKeys = (a: CounterKey, b: CounterKey) =>
  a.tenantId < b.tenantId
    ? -1
    : a.tenantId > b.tenantId
      ? 1
      : a.periodStart.getTime() - b.periodStart.getTime() || (a.meter < b.meter ? -1 : a.meter > b.meter ? 1 : 0);

/**
 * Locks the counters a job needs (creating missing ones at zero) and reads them. Every job locks in one order,
 * (tenant, period, meter), before it touches rollups, so concurrent jobs wait for each other instead of
 * deadlocking. Holding these locks also serializes the jobs of one tenant with period-dependent prices, which is
 * what makes their incremental charges exact.
 */
export async function lockPeriodCounters(client: PoolClient, keys: readonly CounterKey[]): Promise<CountersByPeriod> {
  const sorted = [...keys].sort(compareKeys);
  const params = [sorted.map((k) => k.tenantId), sorted.map((k) => k.periodStart), sorted.map((k) => k.meter)];
  await client.query(
    prepared(
      "worker-create-counters",
      `INSERT INTO usage_period_counters (tenant_id, period_start, meter)
     SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) ORDER BY 1, 2, 3
     ON CONFLICT DO NOTHING`,
    ),
    params,
  );
  const rows = await client.query<{
    tenant_id: string;
    period_start: Date;
    meter: string;
    quantity: string;
    amount: string;
  }>(
    prepared(
      "worker-lock-counters",
      `SELECT c.tenant_id, c.period_start, c.meter, c.quantity::text AS quantity, c.amount::text AS amount
       FROM usage_period_counters c
       JOIN unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS k(tenant_id, period_start, meter)
         ON c.tenant_id = k.tenant_id AND c.period_start = k.period_start AND c.meter = k.meter
      ORDER BY c.tenant_id, c.period_start, c.meter
        FOR UPDATE OF c`,
    ),
    params,
  );
  const result: CountersByPeriod = new Map();
  for (const row of rows.rows) {
    const key = periodKey(row.tenant_id, row.period_start);
    let counters = result.get(key);
    if (!counters) result.set(key, (counters = new PeriodCounters()));
    counters.load(row.meter, { quantity: BigInt(row.quantity), amount: money(row.amount) });
  }
  for (const key of sorted) {
    const period = periodKey(key.tenantId, key.periodStart);
    if (!result.has(period)) result.set(period, new PeriodCounters());
  }
  return result;
}

/** Writes back the counters ratings changed (their rows are locked by lockPeriodCounters). */
export async function savePeriodCounters(client: PoolClient, counters: CountersByPeriod): Promise<void> {
  const rows: { tenantId: string; periodStart: string; meter: string; quantity: string; amount: string }[] = [];
  for (const [period, periodCounters] of counters) {
    const [tenantId = "", periodStart = ""] = period.split("|");
    for (const meter of periodCounters.changed) {
      const value = periodCounters.get(meter);
      rows.push({
        tenantId,
        periodStart,
        meter,
        quantity: value.quantity.toString(),
        amount: toDecimalString(value.amount),
      });
    }
  }
  if (rows.length === 0) return;
  await client.query(
    prepared(
      "worker-save-counters",
      `UPDATE usage_period_counters c SET quantity = v.quantity, amount = v.amount, updated_at = now()
       FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::bigint[], $5::numeric[])
         AS v(tenant_id, period_start, meter, quantity, amount)
      WHERE c.tenant_id = v.tenant_id AND c.period_start = v.period_start AND c.meter = v.meter`,
    ),
    [
      rows.map((r) => r.tenantId),
      rows.map((r) => r.periodStart),
      rows.map((r) => r.meter),
      rows.map((r) => r.quantity),
      rows.map((r) => r.amount),
    ],
  );
}

import { LATE_USAGE_MARGIN } from "@tollgate/use-cases/usage";
import type { PoolClient } from "pg";
import type { TenantRated } from "../rating/charges.ts";
import type { RatedEvent } from "../rating/rate-events.ts";

/*
 * usage_rollup_changes: the (tenant, UTC hour) pairs whose rollups moved without the refreshes' watermark on
 * usage_events naming them (re-rated hours: no new event), or that the explorer must not read from the refreshed
 * tables until a refresh took them in (late hours). Both are written in the transaction that moves the hourly rows,
 * sorted (rows locked in one order, so concurrent writers queue instead of deadlocking); a noted hour noted again gets
 * the new stamp (changed_at defaults to the transaction's start), so refreshes past the first stamp still see it.
 */

/**
 * Upserts the pairs; with `lateBy` (an interval) only those whose hour started more than that before the transaction
 * did (the database's clock, the one changed_at and the refreshes' stamps are on).
 */
async function noteHours(
  client: PoolClient,
  pairs: readonly { tenantId: string; hour: Date }[],
  lateBy: string | null = null,
): Promise<void> {
  if (pairs.length === 0) return;
  await client.query(
    `INSERT INTO usage_rollup_changes (tenant_id, hour)
     SELECT DISTINCT tenant_id, hour FROM unnest($1::uuid[], $2::timestamptz[]) AS x(tenant_id, hour)
      WHERE $3::interval IS NULL OR hour < transaction_timestamp() - $3::interval
      ORDER BY 1, 2
     ON CONFLICT (tenant_id, hour) DO UPDATE SET changed_at = excluded.changed_at`,
    [pairs.map(({ tenantId }) => tenantId), pairs.map(({ hour }) => hour.toISOString()), lateBy],
  );
}

/**
 * Notes the hours whose rollups a re-rating moves, in the re-rating transaction: no new event names them, so neither
 * the local-day nor the analytics refresh would otherwise recompute their days. Re-rating is rare (events of unpriced
 * models), so this costs the recording path nothing.
 */
export async function noteReRatedHours(
  client: PoolClient,
  updates: readonly { tenantId: string; rated: RatedEvent }[],
): Promise<void> {
  await noteHours(
    client,
    updates.map(({ tenantId, rated }) => ({ tenantId, hour: rated.hourStart })),
  );
}

/**
 * Past this (on the worker's clock), an event's hour may be late: LATE_USAGE_MARGIN (1 hour) less 2 minutes for a
 * worker clock behind the database's; the exact rule is the database's. Not less: every job after half past an hour
 * holds events of an hour that started over 30 minutes before, so a looser cut ran the (empty) note in half the jobs;
 * this one only in the hour's last 2 minutes.
 */
const LATE_CANDIDATE_MS = 58 * 60_000;

/**
 * Notes the late hours of the events a recording transaction stores (call with exactly the stored ones): those whose
 * UTC hour started more than LATE_USAGE_MARGIN before the transaction did. The explorer reads them from the hourly
 * rows until a refresh has taken them in; the hours it serves from the refreshed tables start at least two hours
 * before that refresh, so an event into them that is not noted had its transaction begin an hour before the refresh,
 * which holds it (the argument in full at LATE_USAGE_MARGIN). Jobs of current usage have no candidate in JS and run
 * no statement.
 */
export async function noteLateHours(client: PoolClient, tenants: readonly TenantRated[]): Promise<void> {
  const before = Date.now() - LATE_CANDIDATE_MS;
  const late = tenants.flatMap(({ tenantId, rated }) =>
    rated.filter((event) => event.hourStart.getTime() < before).map((event) => ({ tenantId, hour: event.hourStart })),
  );
  await noteHours(client, late, LATE_USAGE_MARGIN);
}

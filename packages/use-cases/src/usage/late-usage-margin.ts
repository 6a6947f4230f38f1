import { Prisma } from "@tollgate/db";

/**
 * How late usage may arrive unnoted: the recording transaction notes (usage_rollup_changes) every stored event whose
 * UTC hour started more than this before the transaction did, and the explorer serves from a refreshed table
 * (usage_rollups_hourly_models, usage_rollups_daily_local) only hours that ended this long before that refresh, the
 * noted ones not yet refreshed excepted (refreshPendingHours). Why that is exact at every moment: a served hour h
 * has h <= R - 2 h (R: the refresh's start; h + 1 h <= date_trunc('hour', R - 1 h)); an unnoted event has
 * h >= T0 - 1 h (T0: its transaction's start); so T0 <= R - 1 h, and the recording transaction (seconds) had
 * committed when the refresh took its snapshot, which therefore holds it. One constant for both sides.
 */
export const LATE_USAGE_MARGIN = "1 hour";

/**
 * The UTC hours of one tenant noted in usage_rollup_changes (late or re-rated) that the refresh whose state row is
 * `state` may not hold yet, as an array (for `hour = ANY(…)`, an index range per hour): changed after its watermark
 * less its overlap, since the refresh reads the changes after that and assumes transactions shorter than the overlap.
 * Read in the caller's statement (one snapshot); a PK range of a table pruning keeps small.
 */
export function refreshPendingHours(
  tenantId: string,
  state: "hourly_model_refresh_state" | "local_rollup_refresh_state",
  overlapSeconds: number,
): Prisma.Sql {
  return Prisma.sql`ARRAY(
    SELECT c.hour FROM usage_rollup_changes c
     WHERE c.tenant_id = ${tenantId}::uuid
       AND c.changed_at > (SELECT s.refreshed_through - make_interval(secs => ${overlapSeconds})
                             FROM ${Prisma.raw(state)} s WHERE s.id = 1))`;
}

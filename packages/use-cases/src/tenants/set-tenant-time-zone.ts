import { AppError } from "@tollgate/domain";
import type { DbOrTx, DbTx } from "@tollgate/db";
import type { Principal } from "../access/principal.ts";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction, lockTenant, requireTenantWriter } from "../shared/change-context.ts";
import { isKnownTimeZone } from "../usage/explore-query.ts";

/**
 * Sets the tenant's time zone (IANA, e.g. America/New_York): the console's usage explorer shows its days by default,
 * and the worker keeps local-day rollups in it (usage_rollups_daily_local, filled whole by the next local-day
 * refresh; until then the explorer reads the hourly path). UTC keeps none. The tenant's admins and operators;
 * audited. A zone the runtime or the database does not know is a bad_request, nothing changed.
 */
export async function setTenantTimeZone(
  db: DbOrTx,
  tenantId: string,
  timeZone: string,
  principal: Principal,
): Promise<{ timeZone: string }> {
  const actor = requireTenantWriter(principal, tenantId);
  if (!isKnownTimeZone(timeZone))
    throw new AppError("bad_request", `time_zone must be an IANA time zone such as Europe/Berlin; got ${timeZone}`);
  return inTransaction(db, async (tx) => {
    await checkDatabaseKnows(tx, timeZone);
    await lockTenant(tx, tenantId);
    const before = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timeZone: true } });
    const after = await tx.tenant.update({ where: { id: tenantId }, data: { timeZone }, select: { timeZone: true } });
    if (before.timeZone !== timeZone) {
      // The old zone's rows are of no use; the new zone is filled whole by the next refresh.
      await tx.$executeRaw`DELETE FROM usage_rollups_daily_local WHERE tenant_id = ${tenantId}::uuid`;
      await tx.$executeRaw`DELETE FROM usage_local_rollup_zones WHERE tenant_id = ${tenantId}::uuid`;
      if (timeZone !== "UTC")
        await tx.$executeRaw`
          INSERT INTO usage_local_rollup_zones (tenant_id, time_zone) VALUES (${tenantId}::uuid, ${timeZone})`;
    }
    await writeAuditLog(tx, {
      actor,
      action: "tenant.time_zone.update",
      tenantId,
      targetType: "tenant",
      targetId: tenantId,
      before: { time_zone: before.timeZone },
      after: { time_zone: after.timeZone },
    });
    return after;
  });
}

/** Postgres' own zone rules bucket the days: a zone its tz data lacks would fail every read later. */
async function checkDatabaseKnows(tx: DbTx, timeZone: string): Promise<void> {
  const known = await tx.$queryRaw<{ ok: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = ${timeZone}) AS ok`;
  if (known[0]?.ok !== true) throw new AppError("bad_request", `time_zone ${timeZone} is not known to the database`);
}

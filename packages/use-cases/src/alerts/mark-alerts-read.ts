import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { requireTenant } from "../shared/change-context.ts";
import { parseAlertId } from "./alert-row.ts";

/** At most this many ids per call (a page of the list is at most 200). */
export const MAX_ALERT_IDS = 500;

/**
 * Marks the tenant's alerts read: the ones named, or all unread ones. Read state is the tenant's (any admin marks
 * them for the team). Only this tenant's rows are touched: another tenant's ids change nothing and are not
 * reported apart (they count as unknown). Already read ones keep their first read time. Returns how many changed.
 */
export async function markAlertsRead(
  db: DbOrTx,
  tenantId: string,
  target: { ids: readonly string[] } | { all: true },
  now = new Date(),
): Promise<{ updated: number }> {
  await requireTenant(db, tenantId);
  if ("all" in target) {
    const result = await db.alert.updateMany({ where: { tenantId, readAt: null }, data: { readAt: now } });
    return { updated: result.count };
  }
  if (target.ids.length === 0 || target.ids.length > MAX_ALERT_IDS) {
    throw new AppError("bad_request", `ids: give 1 to ${MAX_ALERT_IDS.toString()} alert ids, or all: true`);
  }
  const ids = target.ids.map((id, index) => {
    const parsed = parseAlertId(id);
    if (parsed === null) throw new AppError("bad_request", `ids.${index.toString()}: not an alert id`);
    return parsed;
  });
  const result = await db.alert.updateMany({
    where: { tenantId, id: { in: ids }, readAt: null },
    data: { readAt: now },
  });
  return { updated: result.count };
}

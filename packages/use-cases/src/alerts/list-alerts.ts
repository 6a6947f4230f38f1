import type { DbOrTx } from "@tollgate/db";
import { requireTenant } from "../shared/change-context.ts";
import { alertView, type AlertView } from "./alert-row.ts";

export interface AlertFilter {
  /** true: unread only; false: read only; absent: both. */
  unread?: boolean | undefined;
  kind?: string | undefined;
}

export interface AlertPage {
  alerts: AlertView[];
  /** The id to pass as `before` for the next page; null on the last page. */
  next: bigint | null;
}

/**
 * One page of a tenant's alerts, newest first (by id, which grows with time), filtered by read state and kind.
 * `before`: the page starts below this id (the previous page's `next`). `not_found` for an unknown tenant.
 */
export async function listAlerts(
  db: DbOrTx,
  tenantId: string,
  filter: AlertFilter,
  page: { before: bigint | null; limit: number },
): Promise<AlertPage> {
  await requireTenant(db, tenantId);
  const rows = await db.alert.findMany({
    where: {
      tenantId,
      ...(page.before === null ? {} : { id: { lt: page.before } }),
      ...(filter.unread === undefined ? {} : { readAt: filter.unread ? null : { not: null } }),
      ...(filter.kind === undefined ? {} : { kind: filter.kind }),
    },
    orderBy: { id: "desc" },
    take: page.limit + 1,
  });
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return { alerts: shown.map(alertView), next: rows.length > page.limit && last ? last.id : null };
}

/** How many of the tenant's alerts are unread (the console's badge). */
export async function countUnreadAlerts(db: DbOrTx, tenantId: string): Promise<number> {
  await requireTenant(db, tenantId);
  return db.alert.count({ where: { tenantId, readAt: null } });
}

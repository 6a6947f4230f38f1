import type { DbOrTx } from "@tollgate/db";

export interface AuditLogFilter {
  /** Exactly as recorded: "user:<id>", "api_key:<prefix>", "system:<job>". */
  actor?: string | undefined;
  tenantId?: string | undefined;
  /** The entity type, e.g. "plan_version", "credit_grant". */
  targetType?: string | undefined;
  targetId?: string | undefined;
  /** Entries recorded in [from, to). */
  from?: Date | undefined;
  to?: Date | undefined;
}

export interface AuditLogEntryView {
  id: string;
  createdAt: Date;
  actor: string;
  action: string;
  tenantId: string | null;
  /** The tenant's current name (null without a tenant). */
  tenantName: string | null;
  /** For a "user:<id>" actor, that user's current name and email (null for keys, jobs and removed users). */
  actorUser: { name: string; email: string } | null;
  targetType: string;
  targetId: string;
  reason: string;
  /** As stored: JSON snapshots, null when the entity did not exist before / after. */
  before: unknown;
  after: unknown;
}

export interface AuditLogPage {
  entries: AuditLogEntryView[];
  /** The id to pass as `before` for the next page; null on the last page. */
  next: bigint | null;
}

/**
 * One page of the audit log, newest first (by id, which grows with time: entries are written in their change's
 * transaction), filtered. `before`: the page starts below this id (the previous page's `next`). Operators only:
 * the caller checks.
 */
export async function listAuditLog(
  db: DbOrTx,
  filter: AuditLogFilter,
  page: { before: bigint | null; limit: number },
): Promise<AuditLogPage> {
  const rows = await db.auditLog.findMany({
    where: {
      ...(page.before === null ? {} : { id: { lt: page.before } }),
      ...(filter.actor === undefined ? {} : { actor: filter.actor }),
      ...(filter.tenantId === undefined ? {} : { tenantId: filter.tenantId }),
      ...(filter.targetType === undefined ? {} : { targetType: filter.targetType }),
      ...(filter.targetId === undefined ? {} : { targetId: filter.targetId }),
      ...(filter.from === undefined && filter.to === undefined
        ? {}
        : {
            createdAt: {
              ...(filter.from === undefined ? {} : { gte: filter.from }),
              ...(filter.to === undefined ? {} : { lt: filter.to }),
            },
          }),
    },
    orderBy: { id: "desc" },
    take: page.limit + 1,
  });
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  const tenantIds = [...new Set(shown.flatMap((row) => (row.tenantId === null ? [] : [row.tenantId])))];
  const tenants =
    tenantIds.length === 0
      ? []
      : await db.tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, name: true } });
  const names = new Map(tenants.map((tenant) => [tenant.id, tenant.name]));
  // A person reads "Otto Operator", not "user:2623c8e5-…"; the actor stays as recorded for filtering.
  const userIds = [...new Set(shown.flatMap((row) => userIdOf(row.actor) ?? []))];
  const users =
    userIds.length === 0
      ? []
      : await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } });
  const people = new Map(users.map((user) => [user.id, { name: user.name, email: user.email }]));
  return {
    entries: shown.map((row) => ({
      id: row.id.toString(),
      createdAt: row.createdAt,
      actor: row.actor,
      action: row.action,
      tenantId: row.tenantId,
      tenantName: row.tenantId === null ? null : (names.get(row.tenantId) ?? null),
      actorUser: people.get(userIdOf(row.actor) ?? "") ?? null,
      targetType: row.targetType,
      targetId: row.targetId,
      reason: row.reason,
      before: row.before,
      after: row.after,
    })),
    next: rows.length > page.limit && last ? last.id : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user id of a "user:<uuid>" actor; null for any other actor (users.id is a uuid column: nothing else is asked). */
function userIdOf(actor: string): string | null {
  const id = actor.startsWith("user:") ? actor.slice("user:".length) : "";
  return UUID.test(id) ? id.toLowerCase() : null;
}

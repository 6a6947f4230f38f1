import type { DbOrTx } from "@tollgate/db";
import { Prisma } from "@tollgate/db";

export interface AuditEntry {
  /** "user:<id>", "api_key:<prefix>" or "system:<job>" (see actorOf). */
  actor: string;
  /** What happened, "<target>.<verb>", e.g. "plan_version.publish". */
  action: string;
  tenantId?: string | null;
  targetType: string;
  targetId: string;
  reason?: string;
  /** JSON-safe snapshots (decimals and bigints as strings); null when the target did not exist / was deleted. */
  before: unknown;
  after: unknown;
}

/**
 * Appends one audit log entry. Call it in the same transaction as the change it records, so an entry exists exactly
 * when the change committed.
 */
export async function writeAuditLog(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({ data: auditRow(entry) });
}

/** Appends many audit log entries in one INSERT (bulk changes, e.g. a subscription migration); same rules. */
export async function writeAuditLogs(db: DbOrTx, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.auditLog.createMany({ data: entries.map(auditRow) });
}

function auditRow(entry: AuditEntry) {
  return {
    actor: entry.actor,
    action: entry.action,
    tenantId: entry.tenantId ?? null,
    targetType: entry.targetType,
    targetId: entry.targetId,
    reason: entry.reason ?? "",
    before: toAuditJson(entry.before),
    after: toAuditJson(entry.after),
  };
}

/** Dates → ISO strings, bigints and Prisma decimals → strings; null → SQL NULL. */
function toAuditJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  if (value === null || value === undefined) return Prisma.DbNull;
  return JSON.parse(
    JSON.stringify(value, (_key, inner: unknown) => (typeof inner === "bigint" ? inner.toString() : inner)),
  ) as Prisma.InputJsonValue;
}

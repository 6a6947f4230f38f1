import type { Principal } from "@tollgate/use-cases/access";
import type { Db } from "@tollgate/db";

/** An operator API key principal (no tenant), as the REST layer builds one. */
export const OPERATOR: Principal = { kind: "operator_key", keyId: null, prefix: "tg_testops" };

/** A tenant's key with every scope a tenant key can hold: still not an operator. */
export function tenantKey(tenantId: string): Principal {
  return { kind: "api_key", keyId: null, prefix: "tg_tenantkey", tenantId, scopes: ["ingest", "read"] };
}

export const as = (reason?: string) => ({ actor: OPERATOR, reason });

/** Catalog models `<prefix>/m0000` … (one set-based insert). */
export async function createModels(db: Db, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, index) => `${prefix}/m${index.toString().padStart(4, "0")}`);
  await db.$executeRaw`
    INSERT INTO models (id, provider, display_name, updated_at)
    SELECT id, ${prefix}, id, now() FROM unnest(${ids}::text[]) AS m(id) ON CONFLICT DO NOTHING`;
  return ids;
}

export async function createTenant(db: Db, name: string): Promise<string> {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Math.random().toString(36).slice(2, 8)}`;
  return (await db.tenant.create({ data: { name, slug } })).id;
}

/** The audit entries for a target, oldest first. */
export async function auditOf(db: Db, targetId: string) {
  return db.auditLog.findMany({ where: { targetId }, orderBy: { id: "asc" } });
}

import { type Db } from "@tollgate/db";
import { createApiKey } from "@tollgate/use-cases/api-keys";

export interface TenantKeys {
  tenantA: string;
  tenantB: string;
  /** ingest + read keys of each tenant. */
  keyA: string;
  keyAId: string;
  keyB: string;
  /** A tenant A key with only the ingest scope. */
  ingestOnlyA: string;
  /** An operator key stored in the database (admin scope, no tenant). */
  adminKey: string;
}

/** Two tenants and the keys every access-control test needs. */
export async function createTenantKeys(db: Db): Promise<TenantKeys> {
  const tenantA = (await db.tenant.create({ data: { name: "Tenant A", slug: "tenant-a" } })).id;
  const tenantB = (await db.tenant.create({ data: { name: "Tenant B", slug: "tenant-b" } })).id;
  const keyA = await createApiKey(db, { tenantId: tenantA, name: "a", scopes: ["ingest", "read"] });
  const keyB = await createApiKey(db, { tenantId: tenantB, name: "b", scopes: ["ingest", "read"] });
  const ingestOnlyA = await createApiKey(db, { tenantId: tenantA, name: "a-ingest", scopes: ["ingest"] });
  const adminKey = await createApiKey(db, { tenantId: null, name: "ops", scopes: ["admin"] });
  return {
    tenantA,
    tenantB,
    keyA: keyA.plaintext,
    keyAId: keyA.apiKey.id,
    keyB: keyB.plaintext,
    ingestOnlyA: ingestOnlyA.plaintext,
    adminKey: adminKey.plaintext,
  };
}

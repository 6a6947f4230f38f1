import type { Db } from "@tollgate/db";
import { createApiKey } from "../api-keys/api-key-store.ts";
import { actorOf, type Principal } from "../access/principal.ts";
import { insertTenantWithFreeSlug } from "./tenant-slug.ts";

export { slugify } from "./tenant-slug.ts";

/** Creates a tenant with an `ingest`+`read` API key whose secret is returned once; audited. */
export async function createTenant(db: Db, input: { name: string }, actor: Principal) {
  return db.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: await insertTenantWithFreeSlug(tx, input.name) } });
    const { apiKey, plaintext } = await createApiKey(tx, {
      tenantId: tenant.id,
      name: "Default key",
      scopes: ["ingest", "read"],
    });
    await tx.auditLog.create({
      data: {
        actor: actorOf(actor),
        action: "tenant.create",
        tenantId: tenant.id,
        targetType: "tenant",
        targetId: tenant.id,
        after: { name: tenant.name, slug: tenant.slug, apiKeyPrefix: apiKey.prefix },
      },
    });
    return { tenant, apiKey, plaintext };
  });
}

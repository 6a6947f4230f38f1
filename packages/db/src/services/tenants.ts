import type { Db } from "../client.ts";
import { createApiKey } from "./api-keys.ts";
import { actorOf, type Principal } from "./principal.ts";

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return slug || "tenant";
}

/** Creates a tenant with an `ingest`+`read` API key whose secret is returned once; audited. */
export async function createTenant(db: Db, input: { name: string }, actor: Principal) {
  return db.$transaction(async (tx) => {
    const base = slugify(input.name);
    const taken = await tx.tenant.count({ where: { slug: { startsWith: base } } });
    const slug = taken === 0 ? base : `${base}-${(taken + 1).toString()}`;
    const tenant = await tx.tenant.create({ data: { name: input.name, slug } });
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

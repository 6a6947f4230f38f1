import { AppError, isBillingAnchorDay } from "@tollgate/domain";
import type { Db } from "@tollgate/db";
import { createApiKey } from "../api-keys/api-key-store.ts";
import { actorOf, type Principal } from "../access/principal.ts";
import { insertTenantWithFreeSlug } from "./tenant-slug.ts";

export { slugify } from "./tenant-slug.ts";

/**
 * Creates a tenant with an `ingest`+`read` API key whose secret is returned once; audited. `billingAnchorDay`
 * (1–31, default 1) is the day of the month its billing periods start on.
 */
export async function createTenant(
  db: Db,
  input: { name: string; billingAnchorDay?: number | undefined },
  actor: Principal,
) {
  const anchor = input.billingAnchorDay;
  if (anchor !== undefined && !isBillingAnchorDay(anchor)) {
    throw new AppError("bad_request", "billing_anchor_day: a day of the month from 1 to 31");
  }
  return db.$transaction(async (tx) => {
    const id = await insertTenantWithFreeSlug(tx, input.name);
    const tenant =
      anchor === undefined
        ? await tx.tenant.findUniqueOrThrow({ where: { id } })
        : await tx.tenant.update({ where: { id }, data: { billingAnchorDay: anchor } });
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
        after: {
          name: tenant.name,
          slug: tenant.slug,
          billingAnchorDay: tenant.billingAnchorDay,
          apiKeyPrefix: apiKey.prefix,
        },
      },
    });
    return { tenant, apiKey, plaintext };
  });
}

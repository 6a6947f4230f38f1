import type { DbOrTx } from "@tollgate/db";
import { requireTenant } from "../shared/change-context.ts";
import { type SubscriptionView, findSubscriptions, toView } from "./subscription-row.ts";

/** A tenant's subscription history, oldest first; `not_found` for an unknown tenant. */
export async function listTenantSubscriptions(db: DbOrTx, tenantId: string): Promise<SubscriptionView[]> {
  await requireTenant(db, tenantId);
  return (await findSubscriptions(db, { tenantId })).map(toView);
}

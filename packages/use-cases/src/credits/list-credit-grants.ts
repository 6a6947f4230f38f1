import type { DbOrTx } from "@tollgate/db";
import { requireTenant } from "../shared/change-context.ts";
import { type CreditGrantView, type CreditGrantOptions, grantRows, toView } from "./credit-grant-row.ts";

/** A tenant's credit grants with ledger-derived balances, oldest first; `not_found` for an unknown tenant. */
export async function listCreditGrants(
  db: DbOrTx,
  tenantId: string,
  options: CreditGrantOptions = {},
): Promise<CreditGrantView[]> {
  await requireTenant(db, tenantId);
  const now = options.now ?? new Date();
  return (await grantRows(db, tenantId, null)).map((row) => toView(row, now));
}

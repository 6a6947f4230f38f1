import type { DbTx } from "@tollgate/db";

/**
 * Advisory lock class of a tenant's billing: the ledger's period-totals trigger takes it shared for every tenant
 * it writes (migration invoicing_core); a close takes it exclusively, so it waits for ledger writes in flight and
 * every later write sees the period it finalized.
 */
export const TENANT_BILLING_LOCK_CLASS = 7402;

export async function lockTenantBilling(tx: DbTx, tenantId: string): Promise<void> {
  await tx.$queryRawUnsafe(
    `SELECT pg_advisory_xact_lock(${TENANT_BILLING_LOCK_CLASS.toString()}, hashtext($1))::text`,
    tenantId,
  );
}

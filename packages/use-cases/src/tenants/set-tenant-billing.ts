import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction, lockTenant, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";

export interface TenantBillingView {
  tenantId: string;
  name: string;
  /** Usage must be covered by credit: reservations are refused past the live credit balance. */
  prepaid: boolean;
}

/** Sets how a tenant pays (prepaid or not). Operators only; audited with before and after. */
export async function setTenantBilling(
  db: DbOrTx,
  tenantId: string,
  input: { prepaid: boolean },
  context: ChangeContext,
): Promise<TenantBillingView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const before = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    const after = await tx.tenant.update({ where: { id: tenantId }, data: { prepaid: input.prepaid } });
    await writeAuditLog(tx, {
      actor,
      action: "tenant.billing.update",
      tenantId,
      targetType: "tenant",
      targetId: tenantId,
      reason,
      before: { prepaid: before.prepaid },
      after: { prepaid: after.prepaid },
    });
    return { tenantId, name: after.name, prepaid: after.prepaid };
  });
}

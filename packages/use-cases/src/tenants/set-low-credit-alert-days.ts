import { AppError, lowCreditAlertDaysSchema } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import type { Principal } from "../access/principal.ts";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction, lockTenant, requireTenantWriter } from "../shared/change-context.ts";

/**
 * Sets how many days ahead the tenant is alerted (an alert, and the `credit.depletion_forecast` webhook event)
 * when its credit is projected to run out; null turns the alert off. The tenant's admins and operators; audited.
 */
export async function setLowCreditAlertDays(
  db: DbOrTx,
  tenantId: string,
  days: number | null,
  principal: Principal,
): Promise<{ lowCreditAlertDays: number | null }> {
  const actor = requireTenantWriter(principal, tenantId);
  const parsed = lowCreditAlertDaysSchema.safeParse(days);
  if (!parsed.success) {
    throw new AppError("bad_request", `low_credit_alert_days: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  }
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const before = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { lowCreditAlertDays: true } });
    const after = await tx.tenant.update({
      where: { id: tenantId },
      data: { lowCreditAlertDays: parsed.data },
      select: { lowCreditAlertDays: true },
    });
    await writeAuditLog(tx, {
      actor,
      action: "tenant.low_credit_alert.update",
      tenantId,
      targetType: "tenant",
      targetId: tenantId,
      before: { low_credit_alert_days: before.lowCreditAlertDays },
      after: { low_credit_alert_days: after.lowCreditAlertDays },
    });
    return after;
  });
}

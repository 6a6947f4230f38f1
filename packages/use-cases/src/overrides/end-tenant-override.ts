import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction, lockTenant, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import { type TenantOverrideView, toView, tenantOverrideAuditRecord } from "./tenant-override-row.ts";

export interface EndTenantOverrideInput {
  /** Default now. */
  endsAt?: Date | undefined;
}

/**
 * Ends an override at `endsAt` (default now): after its start, and before its current end if it has one
 * (`conflict` otherwise). Reason required. Audited.
 */
export async function endTenantOverride(
  db: DbOrTx,
  tenantId: string,
  overrideId: string,
  input: EndTenantOverrideInput,
  context: ChangeContext,
): Promise<TenantOverrideView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, true);
  const endsAt = input.endsAt ?? new Date();
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const current = await tx.tenantPriceOverride.findFirst({ where: { id: overrideId, tenantId } });
    if (!current) throw new AppError("not_found", `the tenant has no override ${overrideId}`);
    if (endsAt <= current.startsAt) {
      throw new AppError(
        "conflict",
        `the override starts at ${current.startsAt.toISOString()}; ends_at must be after that`,
      );
    }
    if (current.endsAt && current.endsAt <= endsAt) {
      throw new AppError("conflict", `the override already ends at ${current.endsAt.toISOString()}`);
    }
    const updated = await tx.tenantPriceOverride.update({ where: { id: overrideId }, data: { endsAt } });
    const view = toView(updated);
    await writeAuditLog(tx, {
      actor,
      action: "tenant_override.end",
      tenantId,
      targetType: "tenant_price_override",
      targetId: overrideId,
      reason,
      before: tenantOverrideAuditRecord(toView(current)),
      after: tenantOverrideAuditRecord(view),
    });
    return view;
  });
}

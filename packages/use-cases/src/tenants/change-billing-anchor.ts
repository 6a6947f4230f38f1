import { AppError, scheduleAnchorChange, type AnchorSchedule } from "@tollgate/domain";
import type { DbTx } from "@tollgate/db";
import { lockTenantUsageExclusive } from "../budgets/budget-spend.ts";
import { lockTenantBilling } from "../invoices/billing-lock.ts";
import { anchorChangeBlock } from "./anchor-change-block.ts";

/** The tenant columns an anchor schedule is stored in. */
export interface AnchorColumns {
  billingAnchorDay: number;
  nextBillingAnchorDay: number | null;
  billingAnchorChangesAt: Date | null;
}

/**
 * The anchor schedule after an operator asks for `newDay` at `now` (issue 19). A tenant never billed (no ledger
 * entries, no invoices) takes the new day at once: there is no period to split. Otherwise the change takes effect
 * at the end of the current period (scheduleAnchorChange): the current period keeps its bounds, the first period
 * of the new day is short (Stripe's rule). Asking for the day in effect cancels a pending change; asking again
 * replaces it. The tenant's usage lock and billing lock are taken exclusively first (usage jobs hold the first
 * while they read the anchor and rate, every ledger writer holds the second through the trigger), so nothing in
 * flight is counted in periods the change moves. `conflict` when a change would move usage already recorded.
 */
export async function changeBillingAnchor(
  tx: DbTx,
  tenantId: string,
  schedule: AnchorSchedule,
  billing: { billedThrough: Date | null; invoiceGraceHours: number },
  newDay: number,
  now: Date,
): Promise<AnchorColumns> {
  await lockTenantUsageExclusive(tx, tenantId);
  await lockTenantBilling(tx, tenantId);
  const rows = await tx.$queryRaw<{ billed: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM ledger_entries WHERE tenant_id = ${tenantId}::uuid)
        OR EXISTS (SELECT 1 FROM invoices WHERE tenant_id = ${tenantId}::uuid) AS billed`;
  if (!rows[0]?.billed) return columnsOf({ day: newDay, nextDay: null, changesAt: null });
  const blocked = anchorChangeBlock(schedule, billing, now);
  if (blocked) throw new AppError("conflict", blocked.reason);
  const { changesAt } = schedule;
  const next = scheduleAnchorChange(schedule, newDay, now);
  if (next.changesAt !== null && next.changesAt !== changesAt) {
    // Usage dated at or after the boundary (clock skew) was counted in the old periods: never move it.
    const ahead = await tx.$queryRaw<{ found: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM ledger_entries
                      WHERE tenant_id = ${tenantId}::uuid AND occurred_at >= ${next.changesAt}) AS found`;
    if (ahead[0]?.found) {
      // Once the current period has ended, a change takes effect a period later, past that (skewed) usage.
      throw new AppError(
        "conflict",
        `billing_anchor_day: usage is already recorded at or after ${next.changesAt.toISOString()}, when the ` +
          `change would take effect; try again from ${next.changesAt.toISOString().slice(0, 16).replace("T", " ")} ` +
          "UTC, when it would take effect at the end of the period starting then",
      );
    }
  }
  return columnsOf(next);
}

function columnsOf(schedule: AnchorSchedule): AnchorColumns {
  return {
    billingAnchorDay: schedule.day,
    nextBillingAnchorDay: schedule.nextDay,
    billingAnchorChangesAt: schedule.changesAt,
  };
}

import { AppError, anchorDayAt, isBillingAnchorDay, money, pendingAnchorChange } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { anchorOfTenant, type TenantAnchorColumns } from "../shared/tenant-anchor.ts";
import { changeBillingAnchor } from "./change-billing-anchor.ts";
import {
  decimalText,
  inTransaction,
  lockTenant,
  reasonOf,
  requireOperator,
  type ChangeContext,
} from "../shared/change-context.ts";

export interface TenantBillingView {
  tenantId: string;
  name: string;
  /** Usage must be covered by credit: reservations are refused past the live credit balance. */
  prepaid: boolean;
  /** Hours after a period ends before its invoice is finalized. */
  invoiceGraceHours: number;
  /** Fraction, e.g. "0.2" for 20 %. */
  taxRate: string;
  paymentTermsDays: number;
  /** Day of the month (1–31) billing periods start on now, 00:00 UTC (short months: their last day). */
  billingAnchorDay: number;
  /** A change of the anchor day that takes effect at the period boundary `from`; null: none pending. */
  pendingBillingAnchor: { day: number; from: Date } | null;
  /** The tenant's admins may set their own per-key and per-customer budgets. */
  tenantBudgetsAllowed: boolean;
  /** The largest amount of a tenant-set budget; null: no maximum. */
  tenantBudgetMaxAmount: string | null;
  /** A tenant-set budget may be a hard limit. */
  tenantHardBudgetsAllowed: boolean;
}

export interface TenantBillingInput {
  prepaid: boolean;
  /** Each absent field stays as it is. */
  invoiceGraceHours?: number | undefined;
  taxRate?: string | undefined;
  paymentTermsDays?: number | undefined;
  billingAnchorDay?: number | undefined;
  tenantBudgetsAllowed?: boolean | undefined;
  /** null: no maximum. */
  tenantBudgetMaxAmount?: string | null | undefined;
  tenantHardBudgetsAllowed?: boolean | undefined;
}

/**
 * Sets how a tenant pays: prepaid or not, the invoice grace period (0–2160 h), the tax rate (0 ≤ rate < 1) and
 * payment terms (0–365 days), the billing anchor day (1–31), and what the tenant's admins may budget themselves
 * (tenant budgets on or off, a maximum amount, hard limits or not). A new rate or terms apply to invoices finalized
 * afterwards; finalized ones never change. Once the tenant has been billed, a new anchor day takes effect at the
 * end of the current period (changeBillingAnchor: never splitting a period; the day in effect cancels a pending
 * change). Operators only; audited with before and after.
 */
export async function setTenantBilling(
  db: DbOrTx,
  tenantId: string,
  input: TenantBillingInput,
  context: ChangeContext,
  now: Date = new Date(),
): Promise<TenantBillingView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  const { billingAnchorDay, ...settings } = checkedSettings(input);
  const data = { prepaid: input.prepaid, ...settings };
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const row = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    const before = billingView(row, now);
    const anchor =
      billingAnchorDay === undefined
        ? {}
        : await changeBillingAnchor(
            tx,
            tenantId,
            anchorOfTenant(row),
            // The short period's close follows the grace this same request may set.
            {
              billedThrough: row.billedThrough,
              invoiceGraceHours: settings.invoiceGraceHours ?? row.invoiceGraceHours,
            },
            billingAnchorDay,
            now,
          );
    const after = billingView(await tx.tenant.update({ where: { id: tenantId }, data: { ...data, ...anchor } }), now);
    // The audit entry holds the settings this change named (the anchor with its pending change).
    const named: (keyof TenantBillingView)[] = [
      ...(Object.keys(data) as (keyof typeof data)[]),
      ...(billingAnchorDay === undefined ? [] : (["billingAnchorDay", "pendingBillingAnchor"] as const)),
    ];
    const pick = (view: TenantBillingView) => Object.fromEntries(named.map((key) => [key, view[key]]));
    await writeAuditLog(tx, {
      actor,
      action: "tenant.billing.update",
      tenantId,
      targetType: "tenant",
      targetId: tenantId,
      reason,
      before: pick(before),
      after: pick(after),
    });
    return after;
  });
}

function checkedSettings(input: TenantBillingInput) {
  const { invoiceGraceHours, taxRate, paymentTermsDays, billingAnchorDay, tenantBudgetMaxAmount } = input;
  if (
    tenantBudgetMaxAmount !== undefined &&
    tenantBudgetMaxAmount !== null &&
    !(/^\d{1,30}(\.\d{1,30})?$/.test(tenantBudgetMaxAmount) && money(tenantBudgetMaxAmount).gt(0))
  ) {
    throw new AppError("bad_request", 'tenant_budget_max_amount: a decimal greater than 0, e.g. "500", or null');
  }
  if (
    invoiceGraceHours !== undefined &&
    !(Number.isInteger(invoiceGraceHours) && invoiceGraceHours >= 0 && invoiceGraceHours <= 2160)
  ) {
    throw new AppError("bad_request", "invoice_grace_hours: a whole number of hours from 0 to 2160 (90 days)");
  }
  if (
    paymentTermsDays !== undefined &&
    !(Number.isInteger(paymentTermsDays) && paymentTermsDays >= 0 && paymentTermsDays <= 365)
  ) {
    throw new AppError("bad_request", "payment_terms_days: a whole number of days from 0 to 365");
  }
  if (billingAnchorDay !== undefined && !isBillingAnchorDay(billingAnchorDay)) {
    throw new AppError("bad_request", "billing_anchor_day: a day of the month from 1 to 31");
  }
  if (taxRate !== undefined) {
    const rate = /^\d{1,3}(\.\d{1,10})?$/.test(taxRate) ? money(taxRate) : undefined;
    if (!rate || rate.greaterThanOrEqualTo(1)) {
      throw new AppError(
        "bad_request",
        'tax_rate: a fraction from 0 to below 1 with at most 10 decimals, e.g. "0.2" for 20 %',
      );
    }
  }
  return {
    ...(invoiceGraceHours === undefined ? {} : { invoiceGraceHours }),
    ...(paymentTermsDays === undefined ? {} : { paymentTermsDays }),
    ...(taxRate === undefined ? {} : { taxRate }),
    ...(billingAnchorDay === undefined ? {} : { billingAnchorDay }),
    ...(input.tenantBudgetsAllowed === undefined ? {} : { tenantBudgetsAllowed: input.tenantBudgetsAllowed }),
    ...(tenantBudgetMaxAmount === undefined ? {} : { tenantBudgetMaxAmount }),
    ...(input.tenantHardBudgetsAllowed === undefined
      ? {}
      : { tenantHardBudgetsAllowed: input.tenantHardBudgetsAllowed }),
  };
}

function billingView(
  tenant: TenantAnchorColumns & {
    id: string;
    name: string;
    prepaid: boolean;
    invoiceGraceHours: number;
    taxRate: { toFixed(): string };
    paymentTermsDays: number;
    tenantBudgetsAllowed: boolean;
    tenantBudgetMaxAmount: { toFixed(): string } | null;
    tenantHardBudgetsAllowed: boolean;
  },
  now: Date,
): TenantBillingView {
  const anchor = anchorOfTenant(tenant);
  return {
    tenantId: tenant.id,
    name: tenant.name,
    prepaid: tenant.prepaid,
    invoiceGraceHours: tenant.invoiceGraceHours,
    taxRate: decimalText(tenant.taxRate),
    paymentTermsDays: tenant.paymentTermsDays,
    billingAnchorDay: anchorDayAt(anchor, now),
    pendingBillingAnchor: pendingAnchorChange(anchor, now),
    tenantBudgetsAllowed: tenant.tenantBudgetsAllowed,
    tenantBudgetMaxAmount: tenant.tenantBudgetMaxAmount === null ? null : decimalText(tenant.tenantBudgetMaxAmount),
    tenantHardBudgetsAllowed: tenant.tenantHardBudgetsAllowed,
  };
}

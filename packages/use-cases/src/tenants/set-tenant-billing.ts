import { AppError, isBillingAnchorDay, money } from "@tollgate/domain";
import type { DbOrTx, DbTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { lockTenantUsageExclusive } from "../budgets/budget-spend.ts";
import { lockTenantBilling } from "../invoices/billing-lock.ts";
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
  /** Day of the month (1–31) billing periods start on, 00:00 UTC (short months: their last day). */
  billingAnchorDay: number;
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
 * afterwards; finalized ones never change. The anchor day moves every period boundary, so it changes only while
 * the tenant has no ledger entries and no invoices (a `conflict` otherwise): a period would be split. Operators
 * only; audited with before and after.
 */
export async function setTenantBilling(
  db: DbOrTx,
  tenantId: string,
  input: TenantBillingInput,
  context: ChangeContext,
): Promise<TenantBillingView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  const data = { prepaid: input.prepaid, ...checkedSettings(input) };
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const before = billingView(await tx.tenant.findUniqueOrThrow({ where: { id: tenantId } }));
    if (data.billingAnchorDay !== undefined && data.billingAnchorDay !== before.billingAnchorDay) {
      await refuseAnchorChangeOnceBilled(tx, tenantId);
    }
    const after = billingView(await tx.tenant.update({ where: { id: tenantId }, data }));
    // The audit entry holds the settings this change named.
    const named = Object.keys(data) as (keyof typeof data)[];
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

/**
 * The anchor may move only before anything was billed. The tenant's usage lock and billing lock are taken
 * exclusively first (usage jobs hold the first while they read the anchor and rate, every ledger writer holds the
 * second through the trigger), so nothing in flight is counted in the old periods after the check.
 */
async function refuseAnchorChangeOnceBilled(tx: DbTx, tenantId: string): Promise<void> {
  await lockTenantUsageExclusive(tx, tenantId);
  await lockTenantBilling(tx, tenantId);
  const rows = await tx.$queryRaw<{ ledger: boolean; invoices: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM ledger_entries WHERE tenant_id = ${tenantId}::uuid) AS ledger,
           EXISTS (SELECT 1 FROM invoices WHERE tenant_id = ${tenantId}::uuid) AS invoices`;
  const found = rows[0];
  if (found?.ledger || found?.invoices) {
    throw new AppError(
      "conflict",
      `billing_anchor_day: the tenant already has ${found.invoices ? "invoices" : "ledger entries"}; changing ` +
        "the anchor day would split a billing period, so it can only be set before any usage or invoice",
    );
  }
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

function billingView(tenant: {
  id: string;
  name: string;
  prepaid: boolean;
  invoiceGraceHours: number;
  taxRate: { toFixed(): string };
  paymentTermsDays: number;
  billingAnchorDay: number;
  tenantBudgetsAllowed: boolean;
  tenantBudgetMaxAmount: { toFixed(): string } | null;
  tenantHardBudgetsAllowed: boolean;
}): TenantBillingView {
  return {
    tenantId: tenant.id,
    name: tenant.name,
    prepaid: tenant.prepaid,
    invoiceGraceHours: tenant.invoiceGraceHours,
    taxRate: decimalText(tenant.taxRate),
    paymentTermsDays: tenant.paymentTermsDays,
    billingAnchorDay: tenant.billingAnchorDay,
    tenantBudgetsAllowed: tenant.tenantBudgetsAllowed,
    tenantBudgetMaxAmount: tenant.tenantBudgetMaxAmount === null ? null : decimalText(tenant.tenantBudgetMaxAmount),
    tenantHardBudgetsAllowed: tenant.tenantHardBudgetsAllowed,
  };
}

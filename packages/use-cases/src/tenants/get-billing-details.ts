import { AppError, anchorDayAt, billingPeriodEnd, billingPeriodStart, pendingAnchorChange } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { decimalText } from "../shared/change-context.ts";
import { anchorOfTenant } from "../shared/tenant-anchor.ts";
import { anchorChangeBlock, type AnchorChangeBlock } from "./anchor-change-block.ts";
import { getPlanInForce, type PlanInForce } from "../subscriptions/plan-in-force.ts";

/** The currency usage is priced in when the tenant has no plan yet (as the usage reads say). */
const NO_PLAN_CURRENCY = "USD";

export interface BillingDetailsView {
  tenantId: string;
  /** The currency of the plan in force (what usage, credit and invoices are in). */
  currency: string;
  /** The anchor day in effect now. */
  billingAnchorDay: number;
  /** A change of the anchor day taking effect at a later period boundary (`from`), or null. */
  pendingBillingAnchor: { day: number; from: Date } | null;
  /** Why the anchor day cannot change now (a 409's reason) and from when it can; null: it can. */
  billingAnchorChangeBlocked: AnchorChangeBlock | null;
  periodStart: Date;
  periodEnd: Date;
  /** Fraction, e.g. "0.2" for 20 %. */
  taxRate: string;
  paymentTermsDays: number;
  invoiceGraceHours: number;
  prepaid: boolean;
  lowCreditAlertDays: number | null;
  /** IANA zone of the tenant's days in the usage explorer (its admins set it). */
  timeZone: string;
  /** null: no subscription now. */
  plan: PlanInForce | null;
}

/**
 * How a tenant is billed, as it stands now: its billing settings (operators set them), the current billing period
 * by its anchor day, the plan in force, and its own low-credit alert setting. A read for the tenant's users.
 */
export async function getBillingDetails(
  db: DbOrTx,
  tenantId: string,
  now: Date = new Date(),
): Promise<BillingDetailsView> {
  const [tenant, plan] = await Promise.all([
    db.tenant.findUnique({ where: { id: tenantId } }),
    getPlanInForce(db, tenantId, now),
  ]);
  if (!tenant) throw new AppError("not_found", `no tenant ${tenantId}`);
  const anchor = anchorOfTenant(tenant);
  const periodStart = billingPeriodStart(now, anchor);
  return {
    tenantId,
    currency: plan?.currency ?? NO_PLAN_CURRENCY,
    billingAnchorDay: anchorDayAt(anchor, now),
    pendingBillingAnchor: pendingAnchorChange(anchor, now),
    billingAnchorChangeBlocked: anchorChangeBlock(anchor, tenant, now),
    periodStart,
    periodEnd: billingPeriodEnd(periodStart, anchor),
    taxRate: decimalText(tenant.taxRate),
    paymentTermsDays: tenant.paymentTermsDays,
    invoiceGraceHours: tenant.invoiceGraceHours,
    prepaid: tenant.prepaid,
    lowCreditAlertDays: tenant.lowCreditAlertDays,
    timeZone: tenant.timeZone,
    plan,
  };
}

import type { Db } from "@tollgate/db";
import type { UserPrincipal } from "@tollgate/use-cases/access";
import { createBudget, createTenantBudget, type TenantBudgetScope } from "@tollgate/use-cases/budgets";
import { createCreditGrant } from "@tollgate/use-cases/credits";
import { DEMO_OPERATOR_EMAIL, demoAdminEmail } from "@tollgate/use-cases/seed";
import { setLowCreditAlertDays, setTenantBilling } from "@tollgate/use-cases/tenants";

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
const BUDGET_REASON = "demo monthly budget";
const CREDIT_REASON = "demo credit";

/** Budgets and credit grants set before the history is recorded, so the worker spends them as the traffic comes. */
export interface DemoBillingSetup {
  /** A soft monthly tenant budget (USD at the default volume; scaled with it): crossed in the busier months. */
  budgets: { slug: string; amount: number }[];
  /**
   * Granted on the history's first day (or `daysBeforeNow` before its end); a year's validity unless `days` says
   * otherwise; "demo credit" by default.
   */
  credits: {
    slug: string;
    kind: "paid" | "promotional";
    amount: number;
    days?: number;
    daysBeforeNow?: number;
    reason?: string;
  }[];
  /** Tenants whose admins the operator lets set their own budgets (up to `maxAmount`, scaled; hard ones too). */
  tenantBudgetAllowance: { slugs: string[]; maxAmount: number };
  /** Soft monthly budgets the tenant's demo admin sets itself: on one of its named keys or one of its customers. */
  tenantBudgets: { slug: string; scope: TenantBudgetScope; ref: string; amount: number }[];
  /** Tenants whose demo admin asks for the credit depletion forecast alert this many days ahead. */
  lowCreditAlertDays: { slug: string; days: number }[];
}

/**
 * Acme's budget is crossed as it grows (threshold alerts); Globex's welcome credit runs out in its first month (low
 * and exhausted alerts, credits on its first invoice); quiet Initech's prepaid credit lasts past today (a balance with
 * a depletion date to forecast); Acme's 30-day onboarding credit is partly used before it expires (the worker's
 * expiry job books the rest as expired when it next runs). Acme's prepaid top-up a week before today is partly used
 * (about half at any volume: amounts scale with it): at its run rate it lasts about a week more, inside the 14 days
 * its admin asked to be warned (a true depletion forecast alert). The operator lets every demo tenant set its own budgets; Acme's admin has set two, on
 * its production key and its biggest customer, both spent this month.
 */
export const DEMO_BILLING_SETUP: DemoBillingSetup = {
  budgets: [{ slug: "acme-agents", amount: 500 }],
  credits: [
    { slug: "globex-ai", kind: "promotional", amount: 50 },
    { slug: "initech-labs", kind: "paid", amount: 40 },
    { slug: "acme-agents", kind: "promotional", amount: 600, days: 30, reason: "onboarding credit: first 30 days" },
    { slug: "acme-agents", kind: "paid", amount: 300, daysBeforeNow: 7, reason: "prepaid top-up" },
  ],
  tenantBudgetAllowance: { slugs: ["acme-agents", "globex-ai", "initech-labs"], maxAmount: 2000 },
  tenantBudgets: [
    { slug: "acme-agents", scope: "api_key", ref: "production", amount: 250 },
    { slug: "acme-agents", scope: "customer", ref: "northwind", amount: 100 },
  ],
  lowCreditAlertDays: [{ slug: "acme-agents", days: 14 }],
};

/** The demo operator as a principal: the budgets, grants and payments are made (and audited) as done by them. */
export async function demoOperator(db: Db): Promise<UserPrincipal> {
  const operator = await db.user.findUnique({ where: { email: DEMO_OPERATOR_EMAIL } });
  if (!operator) throw new Error(`demo operator ${DEMO_OPERATOR_EMAIL} not found: run \`npm run seed -- --demo\``);
  return { kind: "user", userId: operator.id, email: operator.email, role: operator.role, tenantId: null };
}

/** A demo tenant's admin as a principal: what a tenant admin sets in the console is set (and audited) as them. */
async function demoAdmin(db: Db, slug: string, tenantId: string): Promise<UserPrincipal> {
  const email = demoAdminEmail(slug);
  const admin = await db.user.findUnique({ where: { email } });
  if (!admin) throw new Error(`demo admin ${email} not found: run \`npm run seed -- --demo\``);
  return { kind: "user", userId: admin.id, email: admin.email, role: admin.role, tenantId };
}

/**
 * Creates the setup's budgets and grants through their use cases, each only when the tenant has none made by this
 * setup yet (a re-run, or a budget changed in the console since, is left alone); turns on what the operator allows
 * (tenant budgets) and the tenants' settings (low_credit_alert_days) only where they are still off. Amounts scale
 * with `scale` (the history's volume against the default), in whole dollars. `keyIds`: each tenant's named keys (a
 * per-key budget names one). Returns how many budgets and grants it created.
 */
export async function ensureDemoBillingSetup(
  db: Db,
  tenantIds: ReadonlyMap<string, string>,
  options: {
    scale: number;
    grantedAt: Date;
    now: Date;
    keyIds: ReadonlyMap<string, ReadonlyMap<string, string>>;
  },
): Promise<number> {
  const actor = await demoOperator(db);
  const amountOf = (base: number) => Math.max(1, Math.round(base * options.scale)).toString();
  let created = 0;
  for (const slug of DEMO_BILLING_SETUP.tenantBudgetAllowance.slugs) {
    const tenantId = tenantIds.get(slug);
    if (!tenantId) continue;
    const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    if (tenant.tenantBudgetsAllowed) continue;
    await setTenantBilling(
      db,
      tenantId,
      {
        prepaid: tenant.prepaid,
        tenantBudgetsAllowed: true,
        tenantBudgetMaxAmount: amountOf(DEMO_BILLING_SETUP.tenantBudgetAllowance.maxAmount),
        tenantHardBudgetsAllowed: true,
      },
      { actor, reason: "demo: tenant admins set their own budgets" },
      options.now,
    );
  }
  for (const budget of DEMO_BILLING_SETUP.tenantBudgets) {
    const tenantId = tenantIds.get(budget.slug);
    const scopeRef = budget.scope === "api_key" ? options.keyIds.get(budget.slug)?.get(budget.ref) : budget.ref;
    if (!tenantId || scopeRef === undefined) continue;
    if ((await db.budget.count({ where: { tenantId, scope: budget.scope, scopeRef, period: "month" } })) > 0) continue;
    await createTenantBudget(
      db,
      tenantId,
      { scope: budget.scope, scopeRef, amount: amountOf(budget.amount), currency: "USD" },
      await demoAdmin(db, budget.slug, tenantId),
    );
    created += 1;
  }
  for (const setting of DEMO_BILLING_SETUP.lowCreditAlertDays) {
    const tenantId = tenantIds.get(setting.slug);
    if (!tenantId) continue;
    const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    if (tenant.lowCreditAlertDays !== null) continue;
    await setLowCreditAlertDays(db, tenantId, setting.days, await demoAdmin(db, setting.slug, tenantId));
  }
  for (const budget of DEMO_BILLING_SETUP.budgets) {
    const tenantId = tenantIds.get(budget.slug);
    if (!tenantId) continue;
    const existing = await db.budget.findFirst({ where: { tenantId, scope: "tenant", scopeRef: "", period: "month" } });
    if (existing) continue;
    await createBudget(
      db,
      tenantId,
      { scope: "tenant", amount: amountOf(budget.amount), currency: "USD" },
      { actor, reason: BUDGET_REASON },
    );
    created += 1;
  }
  for (const credit of DEMO_BILLING_SETUP.credits) {
    const tenantId = tenantIds.get(credit.slug);
    if (!tenantId) continue;
    const reason = credit.reason ?? CREDIT_REASON;
    if ((await db.creditGrant.count({ where: { tenantId, reason } })) > 0) continue;
    const grantedAt =
      credit.daysBeforeNow === undefined
        ? options.grantedAt
        : new Date(options.now.getTime() - credit.daysBeforeNow * DAY_MS);
    await createCreditGrant(
      db,
      tenantId,
      {
        kind: credit.kind,
        amount: amountOf(credit.amount),
        currency: "USD",
        expiresAt: new Date(
          credit.days === undefined ? options.now.getTime() + YEAR_MS : grantedAt.getTime() + credit.days * DAY_MS,
        ),
      },
      { actor, reason },
      { now: grantedAt },
    );
    created += 1;
  }
  return created;
}

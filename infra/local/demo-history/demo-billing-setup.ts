import type { Db } from "@tollgate/db";
import type { UserPrincipal } from "@tollgate/use-cases/access";
import { createBudget } from "@tollgate/use-cases/budgets";
import { createCreditGrant } from "@tollgate/use-cases/credits";
import { DEMO_OPERATOR_EMAIL } from "@tollgate/use-cases/seed";

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
const BUDGET_REASON = "demo monthly budget";
const CREDIT_REASON = "demo credit";

/** Budgets and credit grants set before the history is recorded, so the worker spends them as the traffic comes. */
export interface DemoBillingSetup {
  /** A soft monthly tenant budget (USD at the default volume; scaled with it): crossed in the busier months. */
  budgets: { slug: string; amount: number }[];
  /** Granted on the history's first day; a year's validity unless `days` says otherwise; "demo credit" by default. */
  credits: { slug: string; kind: "paid" | "promotional"; amount: number; days?: number; reason?: string }[];
}

/**
 * Acme's budget is crossed as it grows (threshold alerts); Globex's welcome credit runs out in its first month (low
 * and exhausted alerts, credits on its first invoice); quiet Initech's prepaid credit lasts past today (a balance with
 * a depletion date to forecast); Acme's 30-day onboarding credit is partly used before it expires (the worker's
 * expiry job books the rest as expired when it next runs).
 */
export const DEMO_BILLING_SETUP: DemoBillingSetup = {
  budgets: [{ slug: "acme-agents", amount: 500 }],
  credits: [
    { slug: "globex-ai", kind: "promotional", amount: 50 },
    { slug: "initech-labs", kind: "paid", amount: 40 },
    { slug: "acme-agents", kind: "promotional", amount: 600, days: 30, reason: "onboarding credit: first 30 days" },
  ],
};

/** The demo operator as a principal: the budgets, grants and payments are made (and audited) as done by them. */
export async function demoOperator(db: Db): Promise<UserPrincipal> {
  const operator = await db.user.findUnique({ where: { email: DEMO_OPERATOR_EMAIL } });
  if (!operator) throw new Error(`demo operator ${DEMO_OPERATOR_EMAIL} not found: run \`npm run seed -- --demo\``);
  return { kind: "user", userId: operator.id, email: operator.email, role: operator.role, tenantId: null };
}

/**
 * Creates the setup's budgets and grants through their use cases, each only when the tenant has none made by this
 * setup yet (a re-run, or a budget changed in the console since, is left alone). Amounts scale with `scale` (the
 * history's volume against the default), in whole dollars. Returns how many it created.
 */
export async function ensureDemoBillingSetup(
  db: Db,
  tenantIds: ReadonlyMap<string, string>,
  options: { scale: number; grantedAt: Date; now: Date },
): Promise<number> {
  const actor = await demoOperator(db);
  const amountOf = (base: number) => Math.max(1, Math.round(base * options.scale)).toString();
  let created = 0;
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
    await createCreditGrant(
      db,
      tenantId,
      {
        kind: credit.kind,
        amount: amountOf(credit.amount),
        currency: "USD",
        expiresAt: new Date(
          credit.days === undefined
            ? options.now.getTime() + YEAR_MS
            : options.grantedAt.getTime() + credit.days * DAY_MS,
        ),
      },
      { actor, reason },
      { now: options.grantedAt },
    );
    created += 1;
  }
  return created;
}

import type { FastifyInstance } from "fastify";
import type { ApiDeps } from "../../api-deps.ts";
import { registerAdminBudgets } from "./budgets.ts";
import { budgetsOpenApiPaths } from "./budgets-openapi.ts";
import { registerAdminCreditGrants } from "./credit-grants.ts";
import { creditGrantsOpenApiPaths } from "./credit-grants-openapi.ts";
import { registerAdminPlanVersions } from "./plan-versions.ts";
import { planVersionsOpenApiPaths } from "./plan-versions-openapi.ts";
import { registerAdminPlans } from "./plans.ts";
import { plansOpenApiPaths } from "./plans-openapi.ts";
import { registerAdminSubscriptionMigrations } from "./subscription-migrations.ts";
import { subscriptionMigrationsOpenApiPaths } from "./subscription-migrations-openapi.ts";
import { registerAdminTenantBilling, tenantBillingOpenApiPaths } from "./tenant-billing.ts";
import { registerAdminTenantOverrides } from "./tenant-overrides.ts";
import { tenantOverridesOpenApiPaths } from "./tenant-overrides-openapi.ts";
import { registerAdminTenantSubscriptions } from "./tenant-subscriptions.ts";
import { tenantSubscriptionsOpenApiPaths } from "./tenant-subscriptions-openapi.ts";

/** The operator pricing surface: plans, versions, subscriptions, migrations, overrides, credits, budgets, billing. */
export function registerAdminPricing(app: FastifyInstance, deps: ApiDeps): void {
  registerAdminPlans(app, deps);
  registerAdminPlanVersions(app, deps);
  registerAdminTenantSubscriptions(app, deps);
  registerAdminSubscriptionMigrations(app, deps);
  registerAdminTenantOverrides(app, deps);
  registerAdminCreditGrants(app, deps);
  registerAdminBudgets(app, deps);
  registerAdminTenantBilling(app, deps);
}

export function adminPricingOpenApiPaths() {
  return {
    ...plansOpenApiPaths(),
    ...planVersionsOpenApiPaths(),
    ...tenantSubscriptionsOpenApiPaths(),
    ...subscriptionMigrationsOpenApiPaths(),
    ...tenantOverridesOpenApiPaths(),
    ...creditGrantsOpenApiPaths(),
    ...budgetsOpenApiPaths(),
    ...tenantBillingOpenApiPaths(),
  };
}

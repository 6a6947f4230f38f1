import type { FastifyInstance } from "fastify";
import type { ApiDeps } from "../../api-deps.ts";
import { registerAdminCreditGrants } from "./credit-grants.ts";
import { creditGrantsOpenApiPaths } from "./credit-grants-openapi.ts";
import { registerAdminSubscriptionMigrations } from "./subscription-migrations.ts";
import { subscriptionMigrationsOpenApiPaths } from "./subscription-migrations-openapi.ts";
import { registerAdminTenantBilling, tenantBillingOpenApiPaths } from "./tenant-billing.ts";

/** The operator pricing routes not yet served as operations (budgets, plans, plan versions, subscriptions and overrides
 * are: see
 * serve-operations.ts). */
export function registerAdminPricing(app: FastifyInstance, deps: ApiDeps): void {
  registerAdminSubscriptionMigrations(app, deps);
  registerAdminCreditGrants(app, deps);
  registerAdminTenantBilling(app, deps);
}

export function adminPricingOpenApiPaths() {
  return {
    ...subscriptionMigrationsOpenApiPaths(),
    ...creditGrantsOpenApiPaths(),
    ...tenantBillingOpenApiPaths(),
  };
}

import type { Db } from "@tollgate/db";
import { planPricingSchema, type PlanPricingInput, type TokenType } from "@tollgate/domain";

export interface TenantWithKey {
  tenantId: string;
  apiKey: string;
}

/** Creates a tenant and its ingest+read key through the admin REST API, as an operator's automation would. */
export async function createTenantViaAdminApi(
  apiUrl: string,
  operatorKey: string,
  name: string,
): Promise<TenantWithKey> {
  const response = await fetch(`${apiUrl}/v1/admin/tenants`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${operatorKey}` },
    body: JSON.stringify({ name }),
  });
  if (response.status !== 201) throw new Error(`tenant creation answered ${response.status.toString()}`);
  const created = (await response.json()) as { tenant: { id: string }; apiKey: { secret: string } };
  return { tenantId: created.tenant.id, apiKey: created.apiKey.secret };
}

/** Prices per 1,000,000 tokens, as decimal strings. */
export type PricesPerMillion = Partial<Record<TokenType, string>>;

/**
 * Subscribes the tenant to a published plan that prices `modelId` (the model row is created if missing); `pricing`
 * is the version's pricing document (tiers, allowances, rules: PlanPricing in @tollgate/domain), default none.
 */
export async function subscribeToPricedPlan(
  db: Db,
  tenantId: string,
  modelId: string,
  prices: PricesPerMillion,
  pricing: PlanPricingInput = {},
): Promise<void> {
  await db.model.upsert({
    where: { id: modelId },
    create: { id: modelId, provider: "e2e", displayName: modelId },
    update: {},
  });
  const plan = await db.plan.create({ data: { code: `e2e-${tenantId.slice(0, 8)}`, name: "E2E" } });
  const version = await db.planVersion.create({
    data: {
      planId: plan.id,
      version: 1,
      status: "published",
      currency: "USD",
      effectiveFrom: new Date("2020-01-01Z"),
      publishedAt: new Date(),
      pricing: planPricingSchema.parse(pricing),
    },
  });
  await db.planRate.createMany({
    data: Object.entries(prices).map(([tokenType, pricePerMillion]) => ({
      planVersionId: version.id,
      modelId,
      tokenType: tokenType as TokenType,
      pricePerMillion,
    })),
  });
  await db.subscription.create({ data: { tenantId, planVersionId: version.id, startsAt: new Date("2020-01-01Z") } });
}

import { money, toDecimalString, TOKEN_TYPES } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { DEMO_PLAN_CURRENCY, DEMO_PLAN_EFFECTIVE_FROM, DEMO_PLANS } from "./demo-plans.ts";
import type { CatalogModel } from "./price-catalog.ts";

export interface SeededPlans {
  /** Plan code → id of its published version 1. */
  versionIds: Map<string, string>;
  ratesCreated: number;
}

/**
 * Ensures each demo plan with a published version 1 carrying a rate for every catalog model and token type.
 * Existing rates are never changed (a published version is immutable); only missing ones are added, so a newer
 * dataset adds its new models without repricing old ones.
 */
export async function seedPlans(db: DbOrTx, catalog: readonly CatalogModel[]): Promise<SeededPlans> {
  const versionIds = new Map<string, string>();
  let ratesCreated = 0;
  for (const plan of DEMO_PLANS) {
    const { id: planId } = await db.plan.upsert({
      where: { code: plan.code },
      create: { code: plan.code, name: plan.name, description: plan.description },
      update: {},
    });
    const { id: planVersionId } = await db.planVersion.upsert({
      where: { planId_version: { planId, version: 1 } },
      create: {
        planId,
        version: 1,
        status: "published",
        currency: DEMO_PLAN_CURRENCY,
        effectiveFrom: DEMO_PLAN_EFFECTIVE_FROM,
        publishedAt: new Date(),
      },
      update: {},
    });
    versionIds.set(plan.code, planVersionId);

    const markup = money(plan.markup);
    const rates = catalog.flatMap((model) =>
      TOKEN_TYPES.map((tokenType) => ({
        modelId: model.id,
        tokenType,
        // Exact decimal product, sent as text and cast to NUMERIC: no float ever touches a price.
        price: toDecimalString(model.listPrices[tokenType].times(markup)),
      })),
    );
    // One `unnest` insert per plan: Prisma's createMany took about a second per 5,000 rows, unnest ~0.1 s for all.
    ratesCreated += await db.$executeRaw`
      INSERT INTO plan_rates (plan_version_id, model_id, token_type, price_per_million)
      SELECT ${planVersionId}::uuid, r.model_id, r.token_type::token_type, r.price::numeric
        FROM unnest(${rates.map((rate) => rate.modelId)}::text[],
                    ${rates.map((rate) => rate.tokenType)}::text[],
                    ${rates.map((rate) => rate.price)}::text[]) AS r(model_id, token_type, price)
      ON CONFLICT (plan_version_id, model_id, token_type, condition) DO NOTHING`;
  }
  return { versionIds, ratesCreated };
}

import {
  longContextRuleFor,
  money,
  planPricingSchema,
  ruleCondition,
  toDecimalString,
  TOKEN_TYPES,
  type Money,
  type PlanPricing,
  type TokenType,
} from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { DEMO_PLAN_CURRENCY, DEMO_PLAN_EFFECTIVE_FROM, DEMO_PLANS } from "./demo-plans.ts";
import { longContextRules } from "./long-context-rules.ts";
import type { CatalogModel } from "./price-catalog.ts";

export interface SeededPlans {
  /** Plan code → id of its published version 1. */
  versionIds: Map<string, string>;
  ratesCreated: number;
}

interface RateRow {
  modelId: string;
  tokenType: TokenType;
  condition: string;
  price: string;
}

/**
 * Ensures each demo plan with a published version 1 carrying a rate for every catalog model and token type, and
 * the dataset's long-context prices: a long_context rule per threshold and the models' rates under it.
 * Existing rates and rules are never changed (a published version is immutable); only missing rates are added, so
 * a newer dataset adds its new models without repricing old ones. A model gets long-context rates only when the
 * version's own rules give it the dataset's threshold (a model new since the version was made stays at base).
 */
export async function seedPlans(db: DbOrTx, catalog: readonly CatalogModel[]): Promise<SeededPlans> {
  const versionIds = new Map<string, string>();
  let ratesCreated = 0;
  const pricing = planPricingSchema.parse({ rules: longContextRules(catalog) });
  for (const plan of DEMO_PLANS) {
    const { id: planId } = await db.plan.upsert({
      where: { code: plan.code },
      create: { code: plan.code, name: plan.name, description: plan.description },
      update: {},
    });
    const version = await db.planVersion.upsert({
      where: { planId_version: { planId, version: 1 } },
      create: {
        planId,
        version: 1,
        status: "published",
        currency: DEMO_PLAN_CURRENCY,
        effectiveFrom: DEMO_PLAN_EFFECTIVE_FROM,
        publishedAt: new Date(),
        pricing,
      },
      update: {},
      select: { id: true, pricing: true },
    });
    versionIds.set(plan.code, version.id);

    const rates = planRateRows(catalog, planPricingSchema.parse(version.pricing), money(plan.markup));
    // One `unnest` insert per plan: Prisma's createMany took about a second per 5,000 rows, unnest ~0.1 s for all.
    ratesCreated += await db.$executeRaw`
      INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
      SELECT ${version.id}::uuid, r.model_id, r.token_type::token_type, r.condition, r.price::numeric
        FROM unnest(${rates.map((rate) => rate.modelId)}::text[],
                    ${rates.map((rate) => rate.tokenType)}::text[],
                    ${rates.map((rate) => rate.condition)}::text[],
                    ${rates.map((rate) => rate.price)}::text[]) AS r(model_id, token_type, condition, price)
      ON CONFLICT (plan_version_id, model_id, token_type, condition) DO NOTHING`;
  }
  return { versionIds, ratesCreated };
}

/** A version's rates: list price × markup for every model and token type, base and (where it applies) long context. */
function planRateRows(catalog: readonly CatalogModel[], pricing: PlanPricing, markup: Money): RateRow[] {
  const rows: RateRow[] = [];
  // Exact decimal product, sent as text and cast to NUMERIC: no float ever touches a price.
  const add = (modelId: string, condition: string, prices: Readonly<Record<TokenType, Money | string>>) => {
    for (const tokenType of TOKEN_TYPES) {
      rows.push({ modelId, tokenType, condition, price: toDecimalString(money(prices[tokenType]).times(markup)) });
    }
  };
  for (const model of catalog) {
    add(model.id, "", model.listPrices);
    const longContext = model.longContext;
    if (!longContext) continue;
    const rule = longContextRuleFor(pricing.rules, model.id);
    if (rule?.prompt_tokens_above === longContext.promptTokensAbove) {
      add(model.id, ruleCondition(rule) ?? "long_context", longContext.prices);
    }
  }
  return rows;
}

import {
  compilePlanPricing,
  compileTenantOverride,
  money,
  planPricingSchema,
  tenantOverrideSchema,
  TOKEN_TYPES,
  type CompiledOverride,
  type CompiledPlanPricing,
  type ModelRates,
  type PlanPriceBook,
  type TokenType,
} from "@tollgate/domain";
import type { PoolClient } from "pg";
import type { CatalogSnapshot } from "./catalog-cache.ts";

/** What one event is priced with: the plan version in force at its timestamp and the tenant's override then. */
export interface PlanContext {
  book: PlanPriceBook;
  override: CompiledOverride | null;
}

export type PlanContextLookup = (occurredAt: Date) => PlanContext | null;

/** What one tenant's events in a job need priced: the instants they span and their (resolved) models. */
export interface PricingNeeds {
  span: { from: Date; to: Date };
  modelIds: readonly string[];
}

interface Window<T> {
  startsAt: Date;
  endsAt: Date | null;
  value: T;
}

// Published plan versions are immutable, so their compiled pricing is kept for the life of the process.
const compiledPricing = new Map<string, CompiledPlanPricing>();

/**
 * Loads, in three queries for the whole job whatever its number of tenants, everything its events' prices depend
 * on: each tenant's subscriptions (with their plan version's pricing) and price overrides overlapping its events'
 * span, and the explicit rates of those versions for the job's models. Returns per tenant a lookup of the plan
 * context in force at an instant (null when the tenant has no subscription then).
 */
export async function loadPlanContexts(
  client: PoolClient,
  catalog: CatalogSnapshot,
  needs: ReadonlyMap<string, PricingNeeds>,
): Promise<Map<string, PlanContextLookup>> {
  const tenantIds = [...needs.keys()];
  const spanParams = [
    tenantIds,
    tenantIds.map((id) => needs.get(id)?.span.from),
    tenantIds.map((id) => needs.get(id)?.span.to),
  ];
  const subscriptions = await client.query<{
    tenant_id: string;
    plan_version_id: string;
    currency: string;
    pricing: unknown;
    starts_at: Date;
    ends_at: Date | null;
  }>(
    `SELECT s.tenant_id, s.plan_version_id, pv.currency, pv.pricing, s.starts_at, s.ends_at
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS n(tenant_id, span_from, span_to)
       JOIN subscriptions s ON s.tenant_id = n.tenant_id
        AND s.starts_at <= n.span_to AND (s.ends_at IS NULL OR s.ends_at > n.span_from)
       JOIN plan_versions pv ON pv.id = s.plan_version_id
      ORDER BY s.starts_at`,
    spanParams,
  );
  if (subscriptions.rows.length === 0) return new Map(tenantIds.map((id) => [id, () => null]));
  const overrides = await client.query<{
    id: string;
    tenant_id: string;
    starts_at: Date;
    ends_at: Date | null;
    discount_percent: string | null;
    model_rates: unknown;
  }>(
    `SELECT o.id, o.tenant_id, o.starts_at, o.ends_at, o.discount_percent::text AS discount_percent, o.model_rates
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS n(tenant_id, span_from, span_to)
       JOIN tenant_price_overrides o ON o.tenant_id = n.tenant_id
        AND o.starts_at <= n.span_to AND (o.ends_at IS NULL OR o.ends_at > n.span_from)
      ORDER BY o.starts_at`,
    spanParams,
  );
  const explicit = await loadExplicitRates(
    client,
    [...new Set(subscriptions.rows.map((row) => row.plan_version_id))],
    [...new Set([...needs.values()].flatMap((need) => need.modelIds))],
  );

  const plansByTenant = new Map<string, Window<PlanPriceBook>[]>();
  for (const row of subscriptions.rows) {
    const book: PlanPriceBook = {
      planVersionId: row.plan_version_id,
      currency: row.currency.trim(),
      pricing: pricingOf(row.plan_version_id, row.pricing),
      explicitRates: (modelId, condition) => explicit.get(rateKey(row.plan_version_id, modelId, condition)),
      costRates: catalog.costRates,
    };
    pushWindow(plansByTenant, row.tenant_id, { startsAt: row.starts_at, endsAt: row.ends_at, value: book });
  }
  const overridesByTenant = new Map<string, Window<CompiledOverride>[]>();
  for (const row of overrides.rows) {
    const parsed = tenantOverrideSchema.parse({ discount_percent: row.discount_percent, model_rates: row.model_rates });
    const value = compileTenantOverride(row.id, parsed);
    pushWindow(overridesByTenant, row.tenant_id, { startsAt: row.starts_at, endsAt: row.ends_at, value });
  }
  return new Map(
    tenantIds.map((id) => {
      const plans = plansByTenant.get(id) ?? [];
      const tenantOverrides = overridesByTenant.get(id) ?? [];
      return [
        id,
        (at: Date) => {
          const book = windowAt(plans, at);
          return book ? { book, override: windowAt(tenantOverrides, at) ?? null } : null;
        },
      ];
    }),
  );
}

function pricingOf(planVersionId: string, pricing: unknown): CompiledPlanPricing {
  let compiled = compiledPricing.get(planVersionId);
  if (!compiled) {
    // Validated when the version was saved; parsing again guards against hand-edited rows (a parse error fails the
    // job loudly rather than pricing with a wrong document).
    compiled = compilePlanPricing(planPricingSchema.parse(pricing));
    compiledPricing.set(planVersionId, compiled);
  }
  return compiled;
}

const rateKey = (planVersionId: string, modelId: string, condition: string) =>
  `${planVersionId}\u0000${modelId}\u0000${condition}`;

async function loadExplicitRates(
  client: PoolClient,
  planVersionIds: readonly string[],
  modelIds: readonly string[],
): Promise<Map<string, ModelRates>> {
  const rows = await client.query<{
    plan_version_id: string;
    model_id: string;
    condition: string;
    token_type: TokenType;
    price: string;
  }>(
    `SELECT plan_version_id, model_id, condition, token_type, price_per_million::text AS price
       FROM plan_rates WHERE plan_version_id = ANY($1::uuid[]) AND model_id = ANY($2::text[])`,
    [planVersionIds, modelIds],
  );
  const rates = new Map<string, ModelRates>();
  for (const row of rows.rows) {
    const key = rateKey(row.plan_version_id, row.model_id, row.condition);
    const modelRates = rates.get(key) ?? {};
    if (TOKEN_TYPES.includes(row.token_type)) modelRates[row.token_type] = money(row.price);
    rates.set(key, modelRates);
  }
  return rates;
}

function pushWindow<T>(map: Map<string, Window<T>[]>, tenantId: string, window: Window<T>): void {
  const list = map.get(tenantId);
  if (list) list.push(window);
  else map.set(tenantId, [window]);
}

/** The latest-starting window that covers the instant wins (a change takes effect at its start). */
function windowAt<T>(windows: readonly Window<T>[], at: Date): T | undefined {
  let found: T | undefined;
  for (const window of windows) {
    if (window.startsAt <= at && (!window.endsAt || window.endsAt > at)) found = window.value;
  }
  return found;
}

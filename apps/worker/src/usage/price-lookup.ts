import { money, TOKEN_TYPES, type ModelRates, type TokenType } from "@tollgate/domain";
import type { PoolClient } from "pg";

interface SubscriptionWindow {
  planVersionId: string;
  currency: string;
  startsAt: Date;
  endsAt: Date | null;
}

export interface PriceInForce {
  planVersionId: string;
  currency: string;
  rates: ModelRates | undefined;
}

export type PriceLookup = (occurredAt: Date, modelId: string) => PriceInForce | null;

/** What one tenant's events in a job need priced: the instants they span and their models. */
export interface PriceNeeds {
  span: { from: Date; to: Date };
  modelIds: readonly string[];
}

/**
 * Loads, in two queries for the whole job whatever its number of tenants, every price its events can need: each
 * tenant's subscriptions overlapping its events' time span, and their rates for the job's models. Returns per
 * tenant a lookup of the price in force at an event's timestamp (null when the tenant has no subscription then).
 * A few more rates than a tenant needs may load (the models of other tenants); lookups never pick them.
 */
export async function loadPriceLookups(
  client: PoolClient,
  needs: ReadonlyMap<string, PriceNeeds>,
): Promise<Map<string, PriceLookup>> {
  const tenantIds = [...needs.keys()];
  const subscriptions = await client.query<{
    tenant_id: string;
    plan_version_id: string;
    currency: string;
    starts_at: Date;
    ends_at: Date | null;
  }>(
    `SELECT s.tenant_id, s.plan_version_id, pv.currency, s.starts_at, s.ends_at
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS n(tenant_id, span_from, span_to)
       JOIN subscriptions s ON s.tenant_id = n.tenant_id
        AND s.starts_at <= n.span_to AND (s.ends_at IS NULL OR s.ends_at > n.span_from)
       JOIN plan_versions pv ON pv.id = s.plan_version_id
      ORDER BY s.starts_at`,
    [tenantIds, tenantIds.map((id) => needs.get(id)?.span.from), tenantIds.map((id) => needs.get(id)?.span.to)],
  );
  const windowsByTenant = new Map<string, SubscriptionWindow[]>(tenantIds.map((id) => [id, []]));
  for (const row of subscriptions.rows) {
    windowsByTenant.get(row.tenant_id)?.push({
      planVersionId: row.plan_version_id,
      currency: row.currency.trim(),
      startsAt: row.starts_at,
      endsAt: row.ends_at,
    });
  }
  const rates = new Map<string, ModelRates>();
  if (subscriptions.rows.length > 0) {
    const modelIds = [...new Set([...needs.values()].flatMap((need) => need.modelIds))];
    const rows = await client.query<{
      plan_version_id: string;
      model_id: string;
      token_type: TokenType;
      price: string;
    }>(
      `SELECT plan_version_id, model_id, token_type, price_per_million::text AS price
         FROM plan_rates WHERE plan_version_id = ANY($1::uuid[]) AND model_id = ANY($2::text[])`,
      [[...new Set(subscriptions.rows.map((row) => row.plan_version_id))], modelIds],
    );
    for (const row of rows.rows) {
      const key = `${row.plan_version_id}\u0000${row.model_id}`;
      const modelRates = rates.get(key) ?? {};
      if (TOKEN_TYPES.includes(row.token_type)) modelRates[row.token_type] = money(row.price);
      rates.set(key, modelRates);
    }
  }
  return new Map(tenantIds.map((id) => [id, priceLookup(windowsByTenant.get(id) ?? [], rates)]));
}

function priceLookup(windows: readonly SubscriptionWindow[], rates: ReadonlyMap<string, ModelRates>): PriceLookup {
  return (occurredAt, modelId) => {
    // The latest-starting subscription that covers the instant wins (a change takes effect at its start).
    let window: SubscriptionWindow | undefined;
    for (const candidate of windows) {
      if (candidate.startsAt <= occurredAt && (!candidate.endsAt || candidate.endsAt > occurredAt)) window = candidate;
    }
    if (!window) return null;
    return {
      planVersionId: window.planVersionId,
      currency: window.currency,
      rates: rates.get(`${window.planVersionId}\u0000${modelId}`),
    };
  };
}

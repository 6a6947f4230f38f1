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

/**
 * Loads, in two queries, every price a batch can need: the tenant's subscriptions overlapping the batch's time span
 * and their rates for the batch's models. Returns a lookup of the price in force at an event's timestamp
 * (null when the tenant has no subscription then).
 */
export async function loadPriceLookup(
  client: PoolClient,
  tenantId: string,
  span: { from: Date; to: Date },
  modelIds: readonly string[],
): Promise<PriceLookup> {
  const subscriptions = await client.query<{
    plan_version_id: string;
    currency: string;
    starts_at: Date;
    ends_at: Date | null;
  }>(
    `SELECT s.plan_version_id, pv.currency, s.starts_at, s.ends_at
       FROM subscriptions s JOIN plan_versions pv ON pv.id = s.plan_version_id
      WHERE s.tenant_id = $1 AND s.starts_at <= $3 AND (s.ends_at IS NULL OR s.ends_at > $2)
      ORDER BY s.starts_at`,
    [tenantId, span.from, span.to],
  );
  const windows: SubscriptionWindow[] = subscriptions.rows.map((row) => ({
    planVersionId: row.plan_version_id,
    currency: row.currency.trim(),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
  }));
  const rates = new Map<string, ModelRates>();
  if (windows.length > 0) {
    const rows = await client.query<{
      plan_version_id: string;
      model_id: string;
      token_type: TokenType;
      price: string;
    }>(
      `SELECT plan_version_id, model_id, token_type, price_per_million::text AS price
         FROM plan_rates WHERE plan_version_id = ANY($1::uuid[]) AND model_id = ANY($2::text[])`,
      [windows.map((w) => w.planVersionId), modelIds],
    );
    for (const row of rows.rows) {
      const key = `${row.plan_version_id}\u0000${row.model_id}`;
      const modelRates = rates.get(key) ?? {};
      if (TOKEN_TYPES.includes(row.token_type)) modelRates[row.token_type] = money(row.price);
      rates.set(key, modelRates);
    }
  }
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

import type { DbOrTx } from "@tollgate/db";

/** At most this many models are listed (the most unrated events first). */
export const MAX_UNRATED_MODELS = 500;

export interface UnratedModelUsage {
  /** The model name the events carry (a catalog id, or a name no model or alias resolves). */
  modelId: string;
  /** Events stored unrated (Σ rollups' unrated_count), a bigint as a decimal string. */
  unratedEvents: string;
  /**
   * Tokens of those events, from the rollup rows whose events are all unrated (a row mixing rated and unrated events
   * cannot tell which tokens were which, so only its event count is included). A bigint as a decimal string.
   */
  unratedTokens: string;
  tenants: number;
  /** The last UTC day with unrated events of the model. */
  lastDay: Date;
  /** true: the catalog knows the model (the tenants' plans lack a rate for it); false: no model or alias matches. */
  inCatalog: boolean;
}

/**
 * Usage stored unrated, by model, across every tenant: what an operator must price (a model or alias in the catalog,
 * or a rate in a plan) before the rating sweep can rate it. Read from the daily rollups (never the raw events).
 */
export async function listUnratedUsage(db: DbOrTx): Promise<UnratedModelUsage[]> {
  const rows = await db.$queryRaw<
    { model_id: string; events: string; tokens: string; tenants: number; last_day: Date; in_catalog: boolean }[]
  >`
    SELECT r.model_id,
           sum(r.unrated_count)::text AS events,
           sum(CASE WHEN r.unrated_count = r.event_count
                    THEN r.input_tokens + r.cached_input_tokens + r.cache_write_tokens + r.output_tokens
                         + r.reasoning_tokens
                    ELSE 0 END)::text AS tokens,
           count(DISTINCT r.tenant_id)::int AS tenants,
           max(r.day) AS last_day,
           EXISTS (SELECT 1 FROM models m WHERE m.id = r.model_id) AS in_catalog
      FROM usage_rollups_daily r
     WHERE r.unrated_count > 0
     GROUP BY r.model_id
     ORDER BY sum(r.unrated_count) DESC, r.model_id
     LIMIT ${MAX_UNRATED_MODELS}`;
  return rows.map((row) => ({
    modelId: row.model_id,
    unratedEvents: row.events,
    unratedTokens: row.tokens,
    tenants: row.tenants,
    lastDay: row.last_day,
    inCatalog: row.in_catalog,
  }));
}

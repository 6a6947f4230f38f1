import type { PoolClient } from "pg";
import type { DraftRate } from "../rating/simulate-usage.ts";

/** A plan_simulations row as the job reads it. */
export interface SimulationRow {
  id: string;
  plan_version_id: string;
  scope: "tenant" | "plan" | "all";
  scope_ref: string | null;
  window_from: Date;
  window_to: Date;
  pricing_snapshot: unknown;
  rates_snapshot: DraftRate[];
  currency: string;
  status: string;
}

export async function loadSimulation(client: PoolClient, id: string): Promise<SimulationRow | undefined> {
  const rows = await client.query<SimulationRow>(
    `SELECT id, plan_version_id, scope, scope_ref, window_from, window_to, pricing_snapshot, rates_snapshot,
            trim(currency) AS currency, status
       FROM plan_simulations WHERE id = $1`,
    [id],
  );
  return rows.rows[0];
}

/**
 * The tenants in scope, by id: one tenant; the tenants subscribed to a version of the plan at some instant of the
 * window; or every tenant subscribed to anything then. Read at each (re)start, so a retried job sees the same set
 * unless subscriptions changed meanwhile.
 */
export async function simulationTenants(
  client: PoolClient,
  simulation: SimulationRow,
): Promise<{ id: string; name: string }[]> {
  const rows = await client.query<{ id: string; name: string }>(
    `SELECT t.id, t.name FROM tenants t
      WHERE ($1 <> 'tenant' OR t.id = $2::uuid)
        AND ($1 = 'tenant' OR EXISTS (
              SELECT 1 FROM subscriptions s JOIN plan_versions pv ON pv.id = s.plan_version_id
               WHERE s.tenant_id = t.id AND s.starts_at < $4 AND (s.ends_at IS NULL OR s.ends_at > $3)
                 AND ($1 = 'all' OR pv.plan_id = $2::uuid)))
      ORDER BY t.id`,
    [simulation.scope, simulation.scope_ref, simulation.window_from, simulation.window_to],
  );
  return rows.rows;
}

export async function markRunning(client: PoolClient, id: string, tenantsTotal: number): Promise<void> {
  await client.query(
    `UPDATE plan_simulations SET status = 'running', tenants_total = $2, started_at = coalesce(started_at, now()),
            error = NULL
      WHERE id = $1`,
    [id, tenantsTotal],
  );
}

export async function tenantsWithResults(client: PoolClient, id: string): Promise<Set<string>> {
  const rows = await client.query<{ tenant_id: string }>(
    "SELECT tenant_id FROM plan_simulation_results WHERE simulation_id = $1",
    [id],
  );
  return new Set(rows.rows.map((row) => row.tenant_id));
}

/** A stored usage event as the simulation rates it. */
export interface SimulationEventRow {
  event_id: string;
  occurred_at: Date;
  model_id: string;
  requested_model: string | null;
  service_tier: string | null;
  input: string;
  cached_input: string;
  cache_write: string;
  output: string;
  reasoning: string;
  /** What the event was charged (null when unrated) and in which currency: the "before" side's credit use. */
  amount: string | null;
  currency: string | null;
}

/** One keyset page of the tenant's events in [from, to), in rating order (occurred_at, event_id). */
export async function tenantEventsPage(
  client: PoolClient,
  tenantId: string,
  span: { from: Date; to: Date },
  after: { occurredAt: Date; eventId: string } | null,
  limit: number,
): Promise<SimulationEventRow[]> {
  const rows = await client.query<SimulationEventRow>({
    name: "simulation-events-page",
    text: `SELECT event_id, occurred_at, model_id, requested_model, service_tier, input_tokens::text AS input,
                  cached_input_tokens::text AS cached_input, cache_write_tokens::text AS cache_write,
                  output_tokens::text AS output, reasoning_tokens::text AS reasoning,
                  amount::text AS amount, trim(currency) AS currency
             FROM usage_events
            WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3
              AND ($4::timestamptz IS NULL OR (occurred_at, event_id) > ($4::timestamptz, $5::text))
            ORDER BY occurred_at, event_id
            LIMIT $6`,
    values: [tenantId, span.from, span.to, after?.occurredAt ?? null, after?.eventId ?? null, limit],
  });
  return rows.rows;
}

/**
 * What the ledger charged the tenant in [from, to) in the currency: its usage_charge lines (one per hour, model,
 * token type; their occurred_at is the hour, and windows start and end on whole hours), plus the commitment
 * true-ups of the billing periods wholly inside the window (`periodStarts`: a true-up's occurred_at is its period's
 * start), as the draft's side counts them.
 */
export async function ledgerCharged(
  client: PoolClient,
  tenantId: string,
  window: { from: Date; to: Date },
  currency: string,
  periodStarts: readonly Date[],
): Promise<{ usage: string; commitment: string }> {
  const rows = await client.query<{ usage: string; commitment: string }>({
    name: "simulation-ledger-before",
    text: `SELECT coalesce(sum(amount) FILTER (WHERE kind = 'usage_charge'), 0)::text AS usage,
                  coalesce(sum(amount) FILTER (WHERE kind = 'commitment_true_up'
                                                 AND occurred_at = ANY($5::timestamptz[])), 0)::text AS commitment
             FROM ledger_entries
            WHERE tenant_id = $1 AND kind IN ('usage_charge', 'commitment_true_up')
              AND occurred_at >= $2 AND occurred_at < $3 AND currency = $4`,
    values: [tenantId, window.from, window.to, currency, periodStarts],
  });
  return { usage: rows.rows[0]?.usage ?? "0", commitment: rows.rows[0]?.commitment ?? "0" };
}

export interface SimulationResultRow {
  tenantId: string;
  tenantName: string;
  before: string;
  after: string;
  difference: string;
  beforeCredits: string;
  afterCredits: string;
  netDifference: string;
  events: number;
  tokens: bigint;
  unrated: number;
}

/**
 * Stores a chunk of tenants' results (a tenant already stored, by an earlier attempt, is kept as it was) and sets
 * the progress from what is stored, so a retry never counts a tenant twice.
 */
export async function saveResults(
  client: PoolClient,
  simulationId: string,
  currency: string,
  rows: readonly SimulationResultRow[],
): Promise<void> {
  await client.query(
    `INSERT INTO plan_simulation_results (simulation_id, tenant_id, tenant_name, currency, before_amount, after_amount,
                                          difference, events, tokens, unrated_after, before_credits,
                                          after_credits, net_difference)
     SELECT $1, r.tenant_id, r.tenant_name, $2, r.before, r.after, r.difference, r.events, r.tokens, r.unrated,
            r.before_credits, r.after_credits, r.net_difference
       FROM unnest($3::uuid[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[], $8::bigint[], $9::bigint[],
                   $10::bigint[], $11::numeric[], $12::numeric[], $13::numeric[])
         AS r(tenant_id, tenant_name, before, after, difference, events, tokens, unrated, before_credits,
              after_credits, net_difference)
     ON CONFLICT (simulation_id, tenant_id) DO NOTHING`,
    [
      simulationId,
      currency,
      rows.map((row) => row.tenantId),
      rows.map((row) => row.tenantName),
      rows.map((row) => row.before),
      rows.map((row) => row.after),
      rows.map((row) => row.difference),
      rows.map((row) => row.events),
      rows.map((row) => row.tokens.toString()),
      rows.map((row) => row.unrated),
      rows.map((row) => row.beforeCredits),
      rows.map((row) => row.afterCredits),
      rows.map((row) => row.netDifference),
    ],
  );
  await client.query(
    `UPDATE plan_simulations
        SET tenants_done = (SELECT count(*) FROM plan_simulation_results WHERE simulation_id = $1)
      WHERE id = $1`,
    [simulationId],
  );
}

export async function finishSimulation(
  client: PoolClient,
  id: string,
  outcome: { status: "succeeded" } | { status: "failed"; error: string },
): Promise<void> {
  await client.query("UPDATE plan_simulations SET status = $2, error = $3, finished_at = now() WHERE id = $1", [
    id,
    outcome.status,
    outcome.status === "failed" ? outcome.error.slice(0, 2000) : null,
  ]);
}

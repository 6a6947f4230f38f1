import {
  billingPeriodStart,
  money,
  toDecimalString,
  type CreditableCharge,
  type PlanPriceBook,
} from "@tollgate/domain";
import type { Pool, PoolClient } from "pg";
import {
  draftPriceBook,
  periodsWithin,
  TenantSimulation,
  withDraft,
  type SimulatedEvent,
} from "../rating/simulate-usage.ts";
import { SimulatedCredits } from "../rating/simulated-credits.ts";
import type { CatalogCache, CatalogSnapshot } from "../store/catalog-cache.ts";
import { loadPricingInputs } from "../store/pricing-inputs.ts";
import { simulationCreditGrants } from "../store/simulation-credit-grants.ts";
import {
  finishSimulation,
  ledgerCharged,
  loadSimulation,
  markRunning,
  saveResults,
  simulationTenants,
  tenantEventsPage,
  tenantsWithResults,
  type SimulationEventRow,
  type SimulationResultRow,
  type SimulationRow,
} from "../store/simulation-store.ts";

export interface SimulationRunOptions {
  /** Events read per keyset page (default 5,000). */
  pageSize?: number;
  /** Tenants whose results are stored, and progress updated, together (default 25). */
  chunkSize?: number;
  /** Tenants rated at once, each on its own connection (default 2). */
  lanes?: number;
}

// Billing periods are at most 31 days long, so the period holding the window's start begins at most this much before.
const LONGEST_PERIOD_MS = 31 * 86_400_000;

/**
 * Runs one plan simulation: every tenant in scope without a result yet (a retried job skips the ones an earlier
 * attempt stored) is rated under the draft, chunk by chunk, and its before (the ledger) and after stored. Reads
 * only: no usage, ledger, counter or credit grant row is written. Returns false when the simulation does not exist (deleted).
 */
export async function runPlanSimulation(
  pool: Pool,
  catalogCache: CatalogCache,
  simulationId: string,
  options: SimulationRunOptions = {},
): Promise<boolean> {
  const setup = await withClient(pool, async (client) => {
    const simulation = await loadSimulation(client, simulationId);
    if (!simulation || simulation.status === "succeeded") return null;
    const tenants = await simulationTenants(client, simulation);
    await markRunning(client, simulationId, tenants.length);
    const done = await tenantsWithResults(client, simulationId);
    const catalog = await catalogCache.get(client);
    return { simulation, todo: tenants.filter((tenant) => !done.has(tenant.id)), catalog };
  });
  if (!setup) return false;
  const { simulation, todo, catalog } = setup;
  const book = draftPriceBook(
    {
      planVersionId: simulation.plan_version_id,
      currency: simulation.currency,
      pricing: simulation.pricing_snapshot,
      rates: simulation.rates_snapshot,
    },
    catalog.costRates,
  );
  const chunkSize = options.chunkSize ?? 25;
  const lanes = Math.max(1, options.lanes ?? 2);
  for (let start = 0; start < todo.length; start += chunkSize) {
    const chunk = todo.slice(start, start + chunkSize);
    const results: SimulationResultRow[] = [];
    // Each lane takes the chunk's next tenant; the chunk's results are then stored in one statement.
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(lanes, chunk.length) }, () =>
        withClient(pool, async (client) => {
          for (let tenant = chunk[next++]; tenant; tenant = chunk[next++]) {
            results.push(await simulateTenant(client, simulation, book, catalog, tenant, options.pageSize ?? 5000));
          }
        }),
      ),
    );
    await withClient(pool, (client) => saveResults(client, simulationId, simulation.currency, results));
  }
  await withClient(pool, (client) => finishSimulation(client, simulationId, { status: "succeeded" }));
  return true;
}

async function simulateTenant(
  client: PoolClient,
  simulation: SimulationRow,
  book: PlanPriceBook,
  catalog: CatalogSnapshot,
  tenant: { id: string; name: string },
  pageSize: number,
): Promise<SimulationResultRow> {
  const window = { from: simulation.window_from, to: simulation.window_to };
  // The plan in force (for its subscription windows) and the override in force, over the window's first period too.
  const inputs = await loadPricingInputs(
    client,
    catalog,
    new Map([
      [tenant.id, { span: { from: new Date(window.from.getTime() - LONGEST_PERIOD_MS), to: window.to }, modelIds: [] }],
    ]),
  );
  const anchor = inputs.anchors.get(tenant.id) ?? 1;
  const actual = inputs.lookups.get(tenant.id) ?? (() => null);
  // Each side pays from its own copy of the grants as they stood when the window began (see SimulatedCredits).
  const grants = await simulationCreditGrants(client, tenant.id, window, simulation.currency);
  const creditsBefore = new SimulatedCredits(grants);
  const creditsAfter = new SimulatedCredits(grants);
  const simulated = new TenantSimulation(tenant.id, anchor, withDraft(actual, book), window.from, creditsAfter);
  const span = { from: billingPeriodStart(window.from, anchor), to: window.to };
  let after: { occurredAt: Date; eventId: string } | null = null;
  for (;;) {
    const rows = await tenantEventsPage(client, tenant.id, span, after, pageSize);
    simulated.add(
      rows.map((row): SimulatedEvent => ({
        modelId: catalog.resolveModelId(row.requested_model ?? row.model_id) ?? row.model_id,
        occurredAt: row.occurred_at,
        tokens: {
          input: BigInt(row.input),
          cached_input: BigInt(row.cached_input),
          cache_write: BigInt(row.cache_write),
          output: BigInt(row.output),
          reasoning: BigInt(row.reasoning),
        },
        serviceTier: row.service_tier ?? undefined,
      })),
    );
    if (creditsBefore.active) creditsBefore.pay(ledgerCharges(rows, window.from, simulation.currency));
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) break;
    after = { occurredAt: last.occurred_at, eventId: last.event_id };
  }
  const whole = periodsWithin(window, anchor).map((period) => period.from);
  const charged = await ledgerCharged(client, tenant.id, window, simulation.currency, whole);
  const before = money(charged.usage).plus(charged.commitment);
  const totals = simulated.result(window, book.pricing.minimumCommitment);
  const netBefore = before.minus(creditsBefore.total);
  const netAfter = totals.after.minus(creditsAfter.total);
  return {
    tenantId: tenant.id,
    tenantName: tenant.name,
    before: toDecimalString(before),
    after: toDecimalString(totals.after),
    difference: toDecimalString(totals.after.minus(before)),
    beforeCredits: toDecimalString(creditsBefore.total),
    afterCredits: toDecimalString(creditsAfter.total),
    netDifference: toDecimalString(netAfter.minus(netBefore)),
    events: totals.events,
    tokens: totals.tokens,
    unrated: totals.unrated,
  };
}

/**
 * The "before" side's charges for credits: each rated event's own amount in the window (the ledger's usage lines are
 * their sums, as reconciliation checks), in the simulation's currency, in the page's recording order.
 */
function ledgerCharges(rows: readonly SimulationEventRow[], from: Date, currency: string): CreditableCharge[] {
  const charges: CreditableCharge[] = [];
  for (const row of rows) {
    if (row.amount === null || row.currency !== currency || row.occurred_at.getTime() < from.getTime()) continue;
    charges.push({ occurredAt: row.occurred_at, currency, amount: money(row.amount) });
  }
  return charges;
}

/** Marks the simulation failed (its job used all its attempts). */
export async function failPlanSimulation(pool: Pool, simulationId: string, error: string): Promise<void> {
  await withClient(pool, (client) => finishSimulation(client, simulationId, { status: "failed", error }));
}

async function withClient<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

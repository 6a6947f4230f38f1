import { createHash } from "node:crypto";
import { ExactSum, Money, toDecimalString, type AlertRecord, type TokenCounts } from "@tollgate/domain";
import type { StateSpend, SpendLimits } from "@tollgate/queues";
import type { Pool, PoolClient } from "pg";
import type { RollupRow } from "../usage/aggregate-usage.ts";
import { creditUsesOf, keyedLedgerLines } from "../usage/charge-entries.ts";
import { byOccurrence, type JobEvent } from "../usage/job-events.ts";
import type { RatedEvent } from "../usage/rate-events.ts";
import { rateEvents } from "../usage/rate-events.ts";
import { addToRollups, appendLedgerLines, type KeyedLedgerLine } from "../usage/usage-writes.ts";
import { addBudgetSpend, budgetCounterKeys, insertAlerts, lockTenantUsageShared } from "./budget-spend.ts";
import type { CatalogCache } from "./catalog-cache.ts";
import { creditAfterUse } from "./credit-after-use.ts";
import { lockCreditGrants, recordCreditUse, type CreditUse } from "./credit-grants-store.ts";
import { loadPricingInputs, type PlanContextLookup, type PricingNeeds } from "./plan-contexts.ts";
import { lockPeriodCounters, savePeriodCounters } from "./period-counter-store.ts";
import { counterKeysFor } from "./rate-usage.ts";

export interface SweepResult {
  examined: number;
  rated: number;
}

interface UnratedRow {
  tenant_id: string;
  event_id: string;
  occurred_at: Date;
  received_at: Date;
  model_id: string;
  requested_model: string | null;
  input_tokens: string;
  cached_input_tokens: string;
  cache_write_tokens: string;
  output_tokens: string;
  reasoning_tokens: string;
  service_tier: string | null;
  api_key_id: string | null;
  customer: string | null;
  agent: string | null;
  status: "ok" | "error" | "cancelled";
}

const HOUR_MS = 3_600_000;

/** Where a sweep has got to: the last row of its previous batch, in (tenant, occurred_at, event_id) order. */
interface SweepCursor {
  tenantId: string;
  occurredAt: Date;
  eventId: string;
}

const RETRYABLE_SQLSTATES = new Set(["40001", "40P01"]);
const MAX_BATCH_ATTEMPTS = 5;

/**
 * Rates events stored unrated (no price for their model or tenant when they arrived) against today's catalog and
 * plans: once through every unrated event (optionally one tenant's), `batchSize` at a time, each batch in its own
 * transaction. Idempotent and safe beside usage jobs and other sweeps: a batch locks its rows (FOR UPDATE SKIP
 * LOCKED, which re-checks `rating_status` on the committed row) and writes ledger, credits, rollups and counters
 * only for the rows it rated, in the same transaction, so an event is rated, charged and counted once.
 *
 * Rows another transaction holds are skipped, not waited for: another sweep is rating them, or (rarely) their batch
 * is being retried. The cursor moves past them, so this sweep does not see them again, but they stay unrated and
 * the next sweep (the periodic one at the latest) takes them. Rows a usage job is still inserting are invisible
 * until it commits; they are taken by the next sweep too.
 */
export async function rateUnratedEvents(
  pool: Pool,
  catalog: CatalogCache,
  limits: SpendLimits,
  options: { tenantId?: string; batchSize?: number } = {},
): Promise<SweepResult> {
  const result: SweepResult = { examined: 0, rated: 0 };
  let cursor: SweepCursor | null = null;
  for (;;) {
    const batch = await inBatchTransaction(pool, (client) =>
      rateBatch(client, catalog, options.tenantId ?? null, cursor, options.batchSize ?? 1000),
    );
    // After the commit, as for usage jobs: the hard-limit state learns the spend the batch added. Raising spend
    // is idempotent, so a crash before this leaves it low only until the next usage job or sweep of the budget.
    await limits.settle(batch.spends, []);
    result.examined += batch.examined;
    result.rated += batch.rated;
    if (!batch.last) return result;
    cursor = batch.last;
  }
}

/** One batch in one transaction; deadlocks and serialization failures are retried here (nothing was written). */
async function inBatchTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      const value = await work(client);
      await client.query("COMMIT");
      return value;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      const code = (error as { code?: string }).code;
      if (attempt < MAX_BATCH_ATTEMPTS && code !== undefined && RETRYABLE_SQLSTATES.has(code)) continue;
      throw error;
    } finally {
      // A connection that could not even roll back is closed rather than returned to the pool.
      client.release(broken);
    }
  }
}

async function rateBatch(
  client: PoolClient,
  catalogCache: CatalogCache,
  tenantId: string | null,
  after: SweepCursor | null,
  batchSize: number,
): Promise<{ examined: number; rated: number; last: SweepCursor | null; spends: StateSpend[] }> {
  const rows = await client.query<UnratedRow>(
    `SELECT tenant_id, event_id, occurred_at, received_at, model_id, requested_model, input_tokens::text, cached_input_tokens::text,
            cache_write_tokens::text, output_tokens::text, reasoning_tokens::text, service_tier, api_key_id, customer,
            agent, status
       FROM usage_events
      WHERE rating_status = 'unrated' AND ($1::uuid IS NULL OR tenant_id = $1)
        AND ($2::uuid IS NULL OR (tenant_id, occurred_at, event_id) > ($2::uuid, $3::timestamptz, $4::text))
      ORDER BY tenant_id, occurred_at, event_id
      LIMIT $5
        FOR UPDATE SKIP LOCKED`,
    [tenantId, after?.tenantId ?? null, after?.occurredAt ?? null, after?.eventId ?? null, batchSize],
  );
  const lastRow = rows.rows.at(-1);
  if (!lastRow) return { examined: 0, rated: 0, last: null, spends: [] };
  const catalog = await catalogCache.get(client);
  const tenants = new Map<string, { before: UnratedRow; event: JobEvent }[]>();
  for (const row of rows.rows) {
    const list = tenants.get(row.tenant_id) ?? [];
    list.push({ before: row, event: toJobEvent(row, catalog.resolveModelId(row.requested_model ?? row.model_id)) });
    tenants.set(row.tenant_id, list);
  }
  const needs = new Map<string, PricingNeeds>(
    [...tenants].map(([id, list]) => [
      id,
      {
        span: { from: list[0]?.event.occurredAt ?? new Date(0), to: list.at(-1)?.event.occurredAt ?? new Date(0) },
        modelIds: [...new Set(list.map((item) => item.event.modelId))],
      },
    ]),
  );
  // Budgets count re-rated charges too, read under the same usage lock as jobs (taken before any counter lock).
  await lockTenantUsageShared(client, [...tenants.keys()]);
  const { lookups, budgets } = await loadPricingInputs(client, catalog, needs);
  const lookupOf = (id: string): PlanContextLookup => lookups.get(id) ?? (() => null);
  const counterKeys = [...tenants].flatMap(([id, list]) => {
    const events = list.map((item) => item.event);
    return [...counterKeysFor(id, events, lookupOf(id)), ...budgetCounterKeys(id, events, budgets.get(id))];
  });
  const counters = counterKeys.length > 0 ? await lockPeriodCounters(client, counterKeys) : undefined;
  const ratedByTenant = new Map<string, { rated: RatedEvent[]; byEvent: Map<string, UnratedRow> }>();
  for (const [id, list] of tenants) {
    const events = list.map((item) => item.event).sort(byOccurrence);
    const rated = rateEvents(id, events, lookupOf(id), counters).filter((event) => event.rating.status === "rated");
    if (rated.length > 0) {
      ratedByTenant.set(id, { rated, byEvent: new Map(list.map((item) => [item.event.event.id, item.before])) });
    }
  }
  if (ratedByTenant.size === 0) return { examined: rows.rows.length, rated: 0, last: cursorOf(lastRow), spends: [] };
  // Only tenants with something to charge lock their grants (after their counters: the usage jobs' lock order).
  const grants = await lockCreditGrants(client, [...ratedByTenant.keys()]);

  const updates: { tenantId: string; rated: RatedEvent }[] = [];
  const ledger: KeyedLedgerLine[] = [];
  const creditUses: CreditUse[] = [];
  const rollupDeltas = new Map<string, { tenantId: string; row: RollupRow }>();
  const alerts: AlertRecord[] = [];
  const spends: StateSpend[] = [];
  for (const [id, { rated, byEvent }] of ratedByTenant) {
    if (counters) {
      const budgetChange = addBudgetSpend(id, rated, budgets.get(id), counters, counterKeys);
      alerts.push(...budgetChange.alerts);
      spends.push(...budgetChange.spends);
    }
    const key = ratedBatchKey(rated);
    for (const event of rated) {
      updates.push({ tenantId: id, rated: event });
      const before = byEvent.get(event.event.id);
      if (before) addRollupDelta(rollupDeltas, id, before, event);
    }
    const keys = { ledger: `rerate:${key}`, credit: `credit:rerate:${key}` };
    ledger.push(...keyedLedgerLines(id, keys, rated));
    creditUses.push(...creditUsesOf(id, keys, rated, grants.get(id)));
  }
  await markRated(client, updates);
  await appendLedgerLines(client, ledger);
  await recordCreditUse(client, creditUses);
  await addToRollups(client, [...rollupDeltas.values()]);
  if (counters) await savePeriodCounters(client, counters);
  const credit = await creditAfterUse(client, creditUses);
  alerts.push(...credit.alerts);
  spends.push(...credit.spends);
  await insertAlerts(client, alerts);
  return { examined: rows.rows.length, rated: updates.length, last: cursorOf(lastRow), spends };
}

const cursorOf = (row: UnratedRow): SweepCursor => ({
  tenantId: row.tenant_id,
  occurredAt: row.occurred_at,
  eventId: row.event_id,
});

/**
 * The ledger and credit keys' part naming the events a batch rated (their sorted ids, length-prefixed). An event is
 * rated once (its row is locked and must still be unrated), so no other batch rates the same set and keys never
 * collide; a retried batch transaction wrote nothing, so it may reuse them.
 */
function ratedBatchKey(rated: readonly RatedEvent[]): string {
  const hash = createHash("sha256");
  for (const id of rated.map((event) => event.event.id).sort()) {
    hash.update(`${Buffer.byteLength(id).toString()}:`).update(id);
  }
  return hash.digest("hex").slice(0, 32);
}

function toJobEvent(row: UnratedRow, resolved: string | null): JobEvent {
  const requested = row.requested_model ?? row.model_id;
  const modelId = resolved ?? row.model_id;
  const tokens: TokenCounts = {
    input: BigInt(row.input_tokens),
    cached_input: BigInt(row.cached_input_tokens),
    cache_write: BigInt(row.cache_write_tokens),
    output: BigInt(row.output_tokens),
    reasoning: BigInt(row.reasoning_tokens),
  };
  return {
    event: {
      id: row.event_id,
      timestamp: row.occurred_at.toISOString(),
      model: requested,
      tokens: {
        input: Number(tokens.input),
        cached_input: Number(tokens.cached_input),
        cache_write: Number(tokens.cache_write),
        output: Number(tokens.output),
        reasoning: Number(tokens.reasoning),
      },
      status: row.status,
      ...(row.customer === null ? {} : { customer: row.customer }),
      ...(row.agent === null ? {} : { agent: row.agent }),
      ...(row.service_tier === null ? {} : { service_tier: row.service_tier }),
    },
    apiKeyId: row.api_key_id,
    modelId,
    requestedModel: modelId === requested ? null : requested,
    occurredAt: row.occurred_at,
    occurredAtText: row.occurred_at.toISOString(),
    receivedAt: row.received_at.toISOString(),
    hourStart: new Date(Math.floor(row.occurred_at.getTime() / HOUR_MS) * HOUR_MS),
    tokens,
    serviceTier: row.service_tier ?? undefined,
  };
}

/**
 * The rollup change for one re-rated event: it leaves its unrated count (and, when an alias now resolves it to
 * another catalog model, its old model's row) and adds its amount and cost to its (new) model's row.
 */
function addRollupDelta(
  deltas: Map<string, { tenantId: string; row: RollupRow }>,
  tenantId: string,
  before: UnratedRow,
  after: RatedEvent,
): void {
  if (after.rating.status !== "rated") return;
  const zero = { input: 0n, cached_input: 0n, cache_write: 0n, output: 0n, reasoning: 0n };
  const negated: TokenCounts = {
    input: -after.tokens.input,
    cached_input: -after.tokens.cached_input,
    cache_write: -after.tokens.cache_write,
    output: -after.tokens.output,
    reasoning: -after.tokens.reasoning,
  };
  const moved = before.model_id !== after.modelId;
  add(deltas, tenantId, after, before.model_id, {
    eventCount: moved ? -1n : 0n,
    unratedCount: -1n,
    tokens: moved ? negated : zero,
    amount: new ExactSum(),
    cost: new ExactSum(),
  });
  add(deltas, tenantId, after, after.modelId, {
    eventCount: moved ? 1n : 0n,
    unratedCount: 0n,
    tokens: moved ? after.tokens : zero,
    amount: ExactSum.of(after.rating.amount),
    cost: ExactSum.of(after.rating.cost ?? new Money(0)),
  });
}

function add(
  deltas: Map<string, { tenantId: string; row: RollupRow }>,
  tenantId: string,
  event: RatedEvent,
  modelId: string,
  change: Pick<RollupRow, "eventCount" | "unratedCount" | "tokens" | "amount" | "cost">,
): void {
  const customer = event.event.customer ?? "";
  const agent = event.event.agent ?? "";
  const apiKeyId = event.apiKeyId ?? "";
  const key = [tenantId, event.hourStart.getTime(), modelId, apiKeyId, customer, agent].join("\u0000");
  const existing = deltas.get(key);
  if (!existing) {
    deltas.set(key, {
      tenantId,
      row: {
        hour: event.hourStart,
        modelId,
        apiKeyId,
        customer,
        agent,
        eventCount: change.eventCount,
        unratedCount: change.unratedCount,
        tokens: { ...change.tokens },
        amount: change.amount,
        cost: change.cost,
      },
    });
    return;
  }
  const row = existing.row;
  row.eventCount += change.eventCount;
  row.unratedCount += change.unratedCount;
  for (const type of Object.keys(row.tokens) as (keyof TokenCounts)[]) row.tokens[type] += change.tokens[type];
  row.amount.addSum(change.amount);
  row.cost.addSum(change.cost);
}

async function markRated(
  client: PoolClient,
  updates: readonly { tenantId: string; rated: RatedEvent }[],
): Promise<void> {
  if (updates.length === 0) return;
  const field = <T>(pick: (rated: RatedEvent, rating: Extract<RatedEvent["rating"], { status: "rated" }>) => T) =>
    updates.map(({ rated }) => (rated.rating.status === "rated" ? pick(rated, rated.rating) : null));
  const updated = await client.query(
    `UPDATE usage_events u SET rating_status = 'rated', amount = v.amount, cost = v.cost, currency = v.currency,
            plan_version_id = v.plan_version_id, pricing_rule = v.pricing_rule, rated_at = now(),
            model_id = v.model_id, requested_model = v.requested_model
       FROM unnest($1::uuid[], $2::text[], $3::numeric[], $4::numeric[], $5::text[], $6::uuid[], $7::text[],
                   $8::text[], $9::text[])
         AS v(tenant_id, event_id, amount, cost, currency, plan_version_id, pricing_rule, model_id, requested_model)
      WHERE u.tenant_id = v.tenant_id AND u.event_id = v.event_id AND u.rating_status = 'unrated'`,
    [
      updates.map(({ tenantId }) => tenantId),
      updates.map(({ rated }) => rated.event.id),
      field((_, rating) => toDecimalString(rating.amount)),
      field((_, rating) => (rating.cost ? toDecimalString(rating.cost) : null)),
      field((_, rating) => rating.currency),
      field((_, rating) => rating.planVersionId),
      field((_, rating) => rating.rule),
      updates.map(({ rated }) => rated.modelId),
      updates.map(({ rated }) => rated.requestedModel),
    ],
  );
  // The rows are locked and were unrated when locked, so every one is updated; anything else would charge events
  // whose rating did not change, so the batch is rolled back instead.
  if (updated.rowCount !== updates.length) {
    throw new Error(`re-rated ${String(updated.rowCount)} of ${updates.length.toString()} locked unrated events`);
  }
}

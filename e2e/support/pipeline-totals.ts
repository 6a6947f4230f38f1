import type { Db } from "@tollgate/db";
import { money, toDecimalString, TOKEN_TYPES, type TokenType } from "@tollgate/domain";
import type { PipelineTotals } from "./usage-events.ts";

interface EventSums {
  count: string;
  input: string;
  cached_input: string;
  cache_write: string;
  output: string;
  reasoning: string;
  amount: string | null;
}

const TOKEN_SUMS = TOKEN_TYPES.map((type) => `coalesce(sum(${type}_tokens), 0)::text AS ${type}`).join(", ");

/** What the database holds for one tenant: events, ledger lines and hourly rollups, summed exactly in Postgres. */
export async function readPipelineTotals(db: Db, tenantId: string): Promise<PipelineTotals> {
  const [events] = await db.$queryRawUnsafe<EventSums[]>(
    `SELECT count(*)::text AS count, ${TOKEN_SUMS}, coalesce(sum(amount), 0)::text AS amount
       FROM usage_events WHERE tenant_id = $1::uuid`,
    tenantId,
  );
  const [rollups] = await db.$queryRawUnsafe<EventSums[]>(
    `SELECT coalesce(sum(event_count), 0)::text AS count, ${TOKEN_SUMS}, coalesce(sum(amount), 0)::text AS amount
       FROM usage_rollups_hourly WHERE tenant_id = $1::uuid`,
    tenantId,
  );
  const ledgerRows = await db.$queryRawUnsafe<{ token_type: string; quantity: string; amount: string }[]>(
    `SELECT token_type::text, sum(quantity)::text AS quantity, sum(amount)::text AS amount
       FROM ledger_entries WHERE tenant_id = $1::uuid AND kind = 'usage_charge' GROUP BY token_type`,
    tenantId,
  );
  if (!events || !rollups) throw new Error("aggregate queries returned no row");
  const ledgerAmount = ledgerRows.reduce((sum, row) => sum.plus(row.amount), money("0"));
  return {
    events: { count: events.count, tokens: tokensOf(events), amount: normalized(events.amount) },
    ledger: {
      amount: toDecimalString(ledgerAmount),
      quantity: Object.fromEntries(ledgerRows.map((row) => [row.token_type, row.quantity])),
    },
    rollups: { eventCount: rollups.count, tokens: tokensOf(rollups), amount: normalized(rollups.amount) },
  };
}

/** Events stored for the tenant (a cheap progress probe while waiting for the pipeline to settle). */
export async function countStoredEvents(db: Db, tenantId: string): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ count: string }[]>(
    "SELECT count(*)::text AS count FROM usage_events WHERE tenant_id = $1::uuid",
    tenantId,
  );
  return Number(row?.count ?? 0);
}

function tokensOf(sums: EventSums): Record<TokenType, string> {
  return Object.fromEntries(TOKEN_TYPES.map((type) => [type, sums[type]])) as Record<TokenType, string>;
}

function normalized(amount: string | null): string {
  return toDecimalString(money(amount ?? "0"));
}

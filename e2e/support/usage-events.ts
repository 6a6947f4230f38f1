import { money, toDecimalString, TOKEN_TYPES, type Money, type TokenType } from "@tollgate/domain";
import type { PricesPerMillion } from "./priced-tenant.ts";

/** The wire shape of the events these tests send (token counts are plain integers on the wire). */
export interface WireEvent {
  id: string;
  timestamp: string;
  model: string;
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  agent: string;
}

/**
 * `count` distinct, deterministic events spread over the 30 hours before the current one (so jobs touch many rollup hours and ledger
 * lines). Content depends only on the arguments: a re-sent event is byte-for-byte the first one, as from a client.
 */
export function makeEvents(count: number, options: { idPrefix: string; model: string; now: Date }): WireEvent[] {
  const hourStart = Math.floor(options.now.getTime() / 3_600_000) * 3_600_000;
  return makeEventsAt(
    Array.from({ length: count }, (_, i) => new Date(hourStart - ((i % 30) + 1) * 3_600_000 + (i % 3_600) * 1000)),
    options,
  );
}

/** One deterministic event per timestamp (token counts vary with the index, as in makeEvents). */
export function makeEventsAt(timestamps: readonly Date[], options: { idPrefix: string; model: string }): WireEvent[] {
  return timestamps.map((timestamp, i) => ({
    id: `${options.idPrefix}-${i.toString()}`,
    timestamp: timestamp.toISOString(),
    model: options.model,
    input_tokens: 1_000 + ((i * 7919) % 100_003),
    cached_input_tokens: (i * 104_729) % 50_021,
    output_tokens: 1 + ((i * 1_299_709) % 8_009),
    agent: `agent-${(i % 5).toString()}`,
  }));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

const WIRE_FIELD: Record<TokenType, keyof WireEvent | null> = {
  input: "input_tokens",
  cached_input: "cached_input_tokens",
  cache_write: null,
  output: "output_tokens",
  reasoning: null,
};

/** What the pipeline must hold for these events, each counted once (same shape as `readPipelineTotals`). */
export function expectedTotals(events: readonly WireEvent[], prices: PricesPerMillion): PipelineTotals {
  const tokens = Object.fromEntries(TOKEN_TYPES.map((type) => [type, 0n])) as Record<TokenType, bigint>;
  for (const event of events) {
    for (const type of TOKEN_TYPES) {
      const field = WIRE_FIELD[type];
      if (field) tokens[type] += BigInt(event[field]);
    }
  }
  let amount: Money = money("0");
  for (const type of TOKEN_TYPES) {
    const price = prices[type];
    if (price && tokens[type] > 0n) amount = amount.plus(money(tokens[type]).times(price).dividedBy(1_000_000));
  }
  const tokenStrings = Object.fromEntries(TOKEN_TYPES.map((type) => [type, tokens[type].toString()])) as Record<
    TokenType,
    string
  >;
  const amountString = toDecimalString(amount);
  const ledgerQuantity = Object.fromEntries(
    TOKEN_TYPES.filter((type) => tokens[type] > 0n).map((type) => [type, tokens[type].toString()]),
  );
  return {
    events: { count: events.length.toString(), tokens: tokenStrings, amount: amountString },
    ledger: { amount: amountString, quantity: ledgerQuantity },
    rollups: { eventCount: events.length.toString(), tokens: tokenStrings, amount: amountString },
  };
}

/** Totals as decimal strings: usage_events, ledger_entries (per token type) and usage_rollups_hourly. */
export interface PipelineTotals {
  events: { count: string; tokens: Record<TokenType, string>; amount: string };
  ledger: { amount: string; quantity: Record<string, string> };
  rollups: { eventCount: string; tokens: Record<TokenType, string>; amount: string };
}

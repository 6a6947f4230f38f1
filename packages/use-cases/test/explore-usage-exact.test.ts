import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, rebuildDailyRollups, type TestDatabase } from "@tollgate/db/testing";
import { money, toDecimalString, TOKEN_TYPES, type Money, type TokenType } from "@tollgate/domain";
import { exploreUsage, withHourlyRollupsOnly, type ExploreUsageQuery } from "@tollgate/use-cases/usage";

/**
 * The explorer's sums (kept in exact units, not decimal.js) against a plain decimal.js reference computed here from
 * the rollup rows, on amounts that use all 30 decimals of NUMERIC(65,30) and 15 whole digits (beyond a double's 17
 * digits and a 10^-30 rounding), fees below the token types' sum (negative "other"), rows without amounts per
 * token type (unknown), more keys than max_groups (an "other" group), token-type filters; and against the
 * hourly-only read of the same (daily rows).
 */

let database: TestDatabase;
let db: Db;
let tenantId: string;
const FROM = new Date("2026-03-01T00:00:00Z");
const TO = new Date("2026-03-05T00:00:00Z");

/** Deterministic pseudo-random numbers (the fixture is the same on every run). */
function numbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

interface Row {
  hour: Date;
  apiKeyId: string;
  customer: string;
  tokens: Record<TokenType, bigint>;
  amount: string;
  types: Record<TokenType, string> | null;
}
const rows: Row[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 4 });
  tenantId = (await db.tenant.create({ data: { name: "exact", slug: "exact" } })).id;
  const keyIds: string[] = [];
  for (let index = 0; index < 24; index += 1) {
    const key = await db.apiKey.create({
      data: { tenantId, name: `key ${String(index)}`, prefix: `tg_x${String(index)}`, secretHash: "x", scopes: [] },
    });
    keyIds.push(key.id);
  }
  // '' (no key) and an id no longer in the tenant's list group too.
  keyIds.push("", "00000000-0000-4000-8000-000000000001");
  const random = numbers(19);
  const digits = (length: number) => Array.from({ length }, () => String(Math.floor(random() * 10))).join("");
  const seen = new Set<string>();
  for (let hour = FROM.getTime() - 3_600_000 * 5; hour < TO.getTime() + 3_600_000 * 5; hour += 3_600_000 * 3) {
    for (let n = 0; n < 6; n += 1) {
      const apiKeyId = keyIds[Math.floor(random() * keyIds.length)] ?? "";
      const customer = random() < 0.2 ? "" : `c${String(Math.floor(random() * 4))}`;
      const id = `${String(hour)}|${apiKeyId}|${customer}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const typeUnits = TOKEN_TYPES.map(() => BigInt(digits(Math.floor(random() * 15) + 1) + digits(30)));
      // Request fees (positive) or an allowance (negative): the amount is not the types' sum.
      const fee = BigInt(digits(10)) * (random() < 0.5 ? -1n : 1n);
      const amountUnits = typeUnits.reduce((sum, units) => sum + units, fee);
      const text = (units: bigint) => {
        const sign = units < 0n ? "-" : "";
        const padded = (units < 0n ? -units : units).toString().padStart(31, "0");
        return `${sign}${padded.slice(0, -30)}.${padded.slice(-30)}`;
      };
      const tokens = Object.fromEntries(
        TOKEN_TYPES.map((type) => [type, BigInt(Math.floor(random() * 1e6))]),
      ) as Record<TokenType, bigint>;
      // Rows without amounts per token type from Mar 3 on (earlier days are all known).
      const known = hour < Date.parse("2026-03-03T00:00:00Z") || random() > 0.2;
      rows.push({
        hour: new Date(hour),
        apiKeyId,
        customer,
        tokens,
        amount: text(amountUnits),
        types: known
          ? (Object.fromEntries(TOKEN_TYPES.map((type, index) => [type, text(typeUnits[index] ?? 0n)])) as Record<
              TokenType,
              string
            >)
          : null,
      });
    }
  }
  await db.usageRollupHourly.createMany({
    data: rows.map((row) => ({
      tenantId,
      hour: row.hour,
      modelId: "m",
      apiKeyId: row.apiKeyId,
      customer: row.customer,
      eventCount: 1n,
      inputTokens: row.tokens.input,
      cachedInputTokens: row.tokens.cached_input,
      cacheWriteTokens: row.tokens.cache_write,
      outputTokens: row.tokens.output,
      reasoningTokens: row.tokens.reasoning,
      amount: row.amount,
      inputAmount: row.types?.input ?? null,
      cachedInputAmount: row.types?.cached_input ?? null,
      cacheWriteAmount: row.types?.cache_write ?? null,
      outputAmount: row.types?.output ?? null,
      reasoningAmount: row.types?.reasoning ?? null,
    })),
  });
  await rebuildDailyRollups(db);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

/** The reference: per group and UTC day, decimal.js sums of the rows in range (null amount: unknown). */
function reference(query: ExploreUsageQuery) {
  const filter = query.filters.tokenTypes ?? null;
  const parts = new Map<string, Map<string, { amount: Money | null }>>();
  const add = (group: string, day: string, amount: Money | null) => {
    const days = parts.get(group) ?? new Map<string, { amount: Money | null }>();
    parts.set(group, days);
    const cell = days.get(day) ?? { amount: money("0") };
    days.set(day, { amount: cell.amount === null || amount === null ? null : cell.amount.plus(amount) });
  };
  for (const row of rows) {
    if (row.hour < query.from || row.hour >= query.to) continue;
    const day = row.hour.toISOString().slice(0, 10);
    const typeAmount = (type: TokenType) => (row.types ? money(row.types[type]) : null);
    if (query.groupBy === "token_type") {
      for (const type of filter ?? TOKEN_TYPES) add(type, day, typeAmount(type));
      if (!filter) {
        const rest = row.types
          ? TOKEN_TYPES.reduce((sum: Money, type) => sum.minus(money(row.types?.[type] ?? "0")), money(row.amount))
          : null;
        add("other", day, rest);
      }
      continue;
    }
    const group = query.groupBy === "api_key" ? row.apiKeyId : row.customer;
    const amount = filter
      ? row.types && filter.reduce((sum: Money, type) => sum.plus(money(row.types?.[type] ?? "0")), money("0"))
      : money(row.amount);
    add(group, day, amount);
  }
  return parts;
}

const text = (amount: Money | null) => (amount === null ? null : toDecimalString(amount));
const sumOf = (cells: Iterable<{ amount: Money | null }>) => {
  let total: Money | null = money("0");
  for (const cell of cells) total = total === null || cell.amount === null ? null : total.plus(cell.amount);
  return total;
};

const query = (groupBy: ExploreUsageQuery["groupBy"], more: Partial<ExploreUsageQuery> = {}): ExploreUsageQuery => ({
  from: FROM,
  to: TO,
  granularity: "day",
  timeZone: "UTC",
  groupBy,
  filters: {},
  ...more,
});

describe("exploreUsage's exact sums", () => {
  it.each([
    ["by key, the costliest 20 and an other group", query("api_key"), false],
    [
      "by key with a token-type filter over unknown amounts",
      query("api_key", { filters: { tokenTypes: ["output", "cached_input"] } }),
      true,
    ],
    ["by customer, 2 kept", query("customer", { maxGroups: 2 }), false],
    ["by token type, fees apart", query("token_type", { from: new Date("2026-03-02T00:00:00Z") }), true],
    [
      "by token type, filtered",
      query("token_type", { to: new Date("2026-03-03T00:00:00Z"), filters: { tokenTypes: ["reasoning", "input"] } }),
      false,
    ],
  ] as const)(
    "%s: every amount as decimal.js sums it, and as the hourly rows read",
    async (_name, explore, unknown) => {
      const read = await exploreUsage(db, tenantId, explore);
      expect(read).toEqual(await withHourlyRollupsOnly(() => exploreUsage(db, tenantId, explore)));
      const expected = reference(explore);
      const days = read.buckets.map((bucket) => bucket.label);
      // A kept group's key in the reference ('' for none; "other" is the fees group of token types), and the merged
      // group's: every key not kept.
      const keyOf = (group: (typeof read.groups)[number]) => (group.kind === "other" ? "other" : (group.key ?? ""));
      const kept = new Set(
        read.groups.filter((group) => explore.groupBy === "token_type" || group.kind !== "other").map(keyOf),
      );
      let sawUnknown = false;
      for (const group of read.groups) {
        const keys = kept.has(keyOf(group)) ? [keyOf(group)] : [...expected.keys()].filter((key) => !kept.has(key));
        const cells = days.map((day) =>
          sumOf(keys.map((key) => expected.get(key)?.get(day) ?? { amount: money("0") })),
        );
        expect(
          group.points.map((point) => point.amount),
          group.label,
        ).toEqual(cells.map(text));
        const groupTotal = sumOf(keys.flatMap((key) => [...(expected.get(key)?.values() ?? [])]));
        expect(group.totals.amount, group.label).toBe(text(groupTotal));
        sawUnknown ||= groupTotal === null;
      }
      expect(read.groups.length - (read.mergedGroups > 0 ? 1 : 0) + read.mergedGroups).toBe(
        explore.groupBy === "token_type" ? read.groups.length : expected.size,
      );
      expect(read.total.amount).toBe(
        explore.groupBy === "token_type" && !explore.filters.tokenTypes
          ? text(
              sumOf(
                rows
                  .filter((row) => row.hour >= explore.from && row.hour < explore.to)
                  .map((row) => ({ amount: money(row.amount) })),
              ),
            )
          : text(sumOf([...expected.values()].flatMap((cells) => [...cells.values()]))),
      );
      // The fixture reaches what it is for: unknown amounts where token types count, merged groups where asked.
      expect(sawUnknown).toBe(unknown);
      if (explore.groupBy === "api_key" && !explore.filters.tokenTypes) expect(read.mergedGroups).toBeGreaterThan(0);
    },
  );
});

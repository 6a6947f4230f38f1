import { randomUUID } from "node:crypto";
import { rebuildDailyRollups } from "@tollgate/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

type Tokens = Record<"input" | "cached_input" | "cache_write" | "output" | "reasoning", string>;
interface Point {
  tokens: Tokens;
  total_tokens: string;
  amount: string | null;
}
interface Totals extends Point {
  event_count: string | null;
  unrated_event_count: string | null;
  rounded_amount: string | null;
}
interface Exploration {
  tenant_id: string;
  currency: string;
  buckets: { start: string; label: string }[];
  groups: { key: string | null; kind: string; label: string; totals: Totals; points: Point[] }[];
  total: Totals;
  merged_groups: number;
}
interface Summary {
  total: { event_count: string; unrated_event_count: string; tokens: Tokens; total_tokens: string; amount: string };
  groups?: { key: string | null; amount: string; event_count: string }[];
}

let testApp: ApiTestApp;
let keys: TenantKeys;
const unknownKeyId = randomUUID();
const RANGE = "from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z";
/** The range without r5, whose rollup row predates the amounts per token type. */
const KNOWN_TYPES = "from=2026-03-01T00:00:00Z&to=2026-03-02T12:00:00Z";

const explore = (query: string, key = keys.keyA) =>
  call<Exploration & { error?: { message: string } }>(testApp.app, "GET", `/v1/usage/explore?${query}`, key);
const ok = async (query: string) => {
  const response = await explore(query);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};
const byGroup = (body: Exploration) =>
  body.groups.map((g) => ({ key: g.key, label: g.label, amount: g.totals.amount, rounded: g.totals.rounded_amount }));

beforeAll(async () => {
  testApp = await startApiTestApp();
  const { db } = testApp;
  keys = await createTenantKeys(db);
  const a = keys.tenantA;
  const hour = (iso: string) => new Date(iso);
  const zeroTypes = {
    inputAmount: "0",
    cachedInputAmount: "0",
    cacheWriteAmount: "0",
    outputAmount: "0",
    reasoningAmount: "0",
  };
  await db.usageRollupHourly.createMany({
    data: [
      // r1: 22:00 in New York on Feb 28.
      {
        tenantId: a,
        hour: hour("2026-03-01T03:00:00Z"),
        modelId: "m1",
        apiKeyId: keys.keyAId,
        customer: "c1",
        agent: "a1",
        eventCount: 2n,
        inputTokens: 1000n,
        outputTokens: 200n,
        amount: "0.333",
        ...zeroTypes,
        inputAmount: "0.111",
        outputAmount: "0.222",
      },
      // r2
      {
        tenantId: a,
        hour: hour("2026-03-01T05:00:00Z"),
        modelId: "m2",
        apiKeyId: keys.keyAId,
        customer: "c2",
        eventCount: 1n,
        inputTokens: 500n,
        amount: "0.333",
        ...zeroTypes,
        inputAmount: "0.333",
      },
      // r3: 0.034 of request fees besides its output.
      {
        tenantId: a,
        hour: hour("2026-03-01T06:00:00Z"),
        modelId: "m1",
        agent: "a2",
        eventCount: 4n,
        unratedCount: 1n,
        outputTokens: 300n,
        amount: "0.334",
        ...zeroTypes,
        outputAmount: "0.3",
      },
      // r4: 23:00 in New York on Mar 1; a key id not in the tenant's list.
      {
        tenantId: a,
        hour: hour("2026-03-02T04:00:00Z"),
        modelId: "m1",
        apiKeyId: unknownKeyId,
        customer: "c1",
        eventCount: 1n,
        inputTokens: 10n,
        cachedInputTokens: 100n,
        amount: "1.0005",
        ...zeroTypes,
        inputAmount: "0.0005",
        cachedInputAmount: "1",
      },
      // r5: written before the rollups kept amounts per token type (nulls).
      { tenantId: a, hour: hour("2026-03-02T12:00:00Z"), modelId: "m2", eventCount: 3n, inputTokens: 50n, amount: "2" },
      // Outside the range.
      { tenantId: a, hour: hour("2026-03-03T00:00:00Z"), modelId: "m1", eventCount: 100n, amount: "500" },
      // Tenant B in the same hours: a leak would show in A's numbers.
      { tenantId: keys.tenantB, hour: hour("2026-03-01T03:00:00Z"), modelId: "m1", eventCount: 9n, amount: "77.7" },
    ],
  });
  await rebuildDailyRollups(db);
});

afterAll(async () => {
  await testApp.close();
});

describe("GET /v1/usage/explore", () => {
  it("totals equal GET /v1/usage/summary for the same range, per model too", async () => {
    const body = await ok(`${RANGE}&group_by=model`);
    const summary = await call<Summary>(testApp.app, "GET", `/v1/usage/summary?${RANGE}&group_by=model`, keys.keyA);
    expect(summary.status).toBe(200);
    const { event_count, unrated_event_count, tokens, total_tokens, amount } = body.total;
    expect({ event_count, unrated_event_count, tokens, total_tokens, amount }).toEqual(summary.body.total);
    expect(body.total.amount).toBe("4.0005");
    expect(body.groups.map((g) => [g.key, g.totals.event_count, g.totals.amount])).toEqual(
      summary.body.groups?.map((g) => [g.key, g.event_count, g.amount]),
    );
    expect(body.currency).toBe("USD");
  });

  it("day buckets are calendar days of the time zone: America/New_York differs from UTC", async () => {
    const utc = await ok(`${RANGE}&group_by=model`);
    expect(utc.buckets).toEqual([
      { start: "2026-03-01T00:00:00.000Z", label: "2026-03-01" },
      { start: "2026-03-02T00:00:00.000Z", label: "2026-03-02" },
    ]);
    const dayTotals = (body: Exploration) =>
      body.buckets.map((bucket, index) => [
        bucket.label,
        body.groups.reduce((sum, g) => sum + Number(g.points[index]?.total_tokens ?? "0"), 0),
      ]);
    // r1..r3 on Mar 1, r4 and r5 on Mar 2 (UTC).
    expect(dayTotals(utc)).toEqual([
      ["2026-03-01", 2000],
      ["2026-03-02", 160],
    ]);
    const ny = await ok(`${RANGE}&group_by=model&time_zone=America/New_York`);
    // UTC-5: the range starts at 19:00 on Feb 28; New York's Mar 1 runs 05:00Z-05:00Z.
    expect(ny.buckets).toEqual([
      { start: "2026-03-01T00:00:00.000Z", label: "2026-02-28" },
      { start: "2026-03-01T05:00:00.000Z", label: "2026-03-01" },
      { start: "2026-03-02T05:00:00.000Z", label: "2026-03-02" },
    ]);
    // r1 (03:00Z) on Feb 28; r2, r3 and r4 (04:00Z on Mar 2) on Mar 1; r5 on Mar 2.
    expect(dayTotals(ny)).toEqual([
      ["2026-02-28", 1200],
      ["2026-03-01", 910],
      ["2026-03-02", 50],
    ]);
    expect(ny.total).toEqual(utc.total);
  });

  it("lists every bucket with zeros, one point per bucket in every group", async () => {
    const body = await ok(`${RANGE}&granularity=hour&group_by=model`);
    expect(body.buckets).toHaveLength(48);
    expect(body.buckets[3]).toEqual({ start: "2026-03-01T03:00:00.000Z", label: "2026-03-01T03:00" });
    for (const group of body.groups) expect(group.points).toHaveLength(48);
    const m1 = body.groups.find((g) => g.key === "m1");
    expect(m1?.points[0]).toEqual({
      tokens: { input: "0", cached_input: "0", cache_write: "0", output: "0", reasoning: "0" },
      total_tokens: "0",
      amount: "0",
    });
    expect(m1?.points[3]?.amount).toBe("0.333");
    const tokyo = await ok("from=2026-03-01T00:00:00Z&to=2026-03-01T02:00:00Z&granularity=hour&time_zone=Asia/Tokyo");
    expect(tokyo.buckets.map((b) => b.label)).toEqual(["2026-03-01T09:00", "2026-03-01T10:00"]);
  });

  it("groups by API key under the key's name; usage without a key is (none)", async () => {
    const body = await ok(`${RANGE}&group_by=api_key`);
    expect(body.groups.map((g) => [g.key, g.kind, g.label, g.totals.amount])).toEqual([
      [null, "none", "(none)", "2.334"],
      [unknownKeyId, "value", unknownKeyId, "1.0005"],
      [keys.keyAId, "value", "a", "0.666"],
    ]);
  });

  it("rounds the groups so they add up to the shown total exactly", async () => {
    const body = await ok(`${RANGE}&group_by=customer`);
    // 1.3335 + 0.333 + 2.334 = 4.0005: each rounded alone gives 1.33 + 0.33 + 2.33 = 3.99, not 4.00.
    expect(byGroup(body)).toEqual([
      { key: null, label: "(none)", amount: "2.334", rounded: "2.34" },
      { key: "c1", label: "c1", amount: "1.3335", rounded: "1.33" },
      { key: "c2", label: "c2", amount: "0.333", rounded: "0.33" },
    ]);
    expect(body.total.rounded_amount).toBe("4");
    const cents = body.groups.reduce((sum, g) => sum + Math.round(Number(g.totals.rounded_amount) * 100), 0);
    expect(cents).toBe(400);
  });

  it("merges the groups beyond max_groups into one other group", async () => {
    const body = await ok(`${RANGE}&group_by=customer&max_groups=1`);
    expect(body.merged_groups).toBe(2);
    expect(byGroup(body)).toEqual([
      // Remainders 0.4 and 0.65 of a cent: the missing cent goes to the larger.
      { key: null, label: "(none)", amount: "2.334", rounded: "2.33" },
      { key: null, label: "Other (2)", amount: "1.6665", rounded: "1.67" },
    ]);
    expect(body.groups[1]?.kind).toBe("other");
  });

  it("filters on model, API key, customer and agent, an empty value selecting usage without one", async () => {
    const totalOf = async (query: string) => {
      const body = await ok(`${RANGE}&${query}`);
      return [body.total.event_count, body.total.amount];
    };
    expect(await totalOf("customer=c1")).toEqual(["3", "1.3335"]);
    expect(await totalOf("customer=")).toEqual(["7", "2.334"]);
    expect(await totalOf(`model=m2&api_key=${keys.keyAId}`)).toEqual(["1", "0.333"]);
    expect(await totalOf("agent=a1&agent=a2")).toEqual(["6", "0.667"]);
    expect(await totalOf("model=nothing")).toEqual(["0", "0"]);
    const options = await call<{
      models: string[];
      customers: string[];
      agents: string[];
      api_keys: { name: string }[];
    }>(testApp.app, "GET", `/v1/usage/explore/options?${RANGE}`, keys.keyA);
    expect(options.status).toBe(200);
    expect(options.body.models).toEqual(["m1", "m2"]);
    expect(options.body.customers).toEqual(["c1", "c2"]);
    expect(options.body.agents).toEqual(["a1", "a2"]);
    expect(options.body.api_keys.map((key) => key.name).sort()).toEqual(["a", "a-ingest"]);
  });

  it("splits amounts by token type, fees apart; unknown (null) where rollups predate them", async () => {
    const body = await ok(`${KNOWN_TYPES}&group_by=token_type`);
    expect(byGroup(body)).toEqual([
      // Truncated: 0.44 + 1 + 0.52 + 0.03 = 1.99; the missing cent goes to the largest remainder (input's 0.45).
      { key: "input", label: "Input", amount: "0.4445", rounded: "0.45" },
      { key: "cached_input", label: "Cached input", amount: "1", rounded: "1" },
      { key: "cache_write", label: "Cache write", amount: "0", rounded: "0" },
      { key: "output", label: "Output", amount: "0.522", rounded: "0.52" },
      { key: "reasoning", label: "Reasoning", amount: "0", rounded: "0" },
      { key: null, label: "Request fees and adjustments", amount: "0.034", rounded: "0.03" },
    ]);
    expect(body.total.amount).toBe("2.0005");
    expect(body.total.rounded_amount).toBe("2");
    expect(body.groups[0]?.totals.event_count).toBeNull();
    const filtered = await ok(`${KNOWN_TYPES}&token_type=input&group_by=model`);
    expect(filtered.total.tokens).toEqual({
      input: "1510",
      cached_input: "0",
      cache_write: "0",
      output: "0",
      reasoning: "0",
    });
    expect(filtered.total.amount).toBe("0.4445");
    // With r5 in range the split is unknown: null, never a false number; tokens are still exact.
    const unknown = await ok(`${RANGE}&group_by=token_type`);
    expect(unknown.groups[0]?.totals).toMatchObject({ tokens: { input: "1560" }, amount: null, rounded_amount: null });
    expect(unknown.total.amount).toBe("4.0005");
  });

  it.each([
    ["an unknown time zone", `${RANGE}&time_zone=Mars/Olympus`, "time_zone"],
    ["an offset as time zone", `${RANGE}&time_zone=%2B02:00`, "time_zone"],
    ["from not on a whole hour", "from=2026-03-01T00:30:00Z&to=2026-03-02T00:00:00Z", "whole UTC hour"],
    ["from after to", "from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "before"],
    ["hourly over 31 days", "from=2026-01-01T00:00:00Z&to=2026-02-01T02:00:00Z&granularity=hour", "31 days"],
    ["daily over 400 days", "from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", "400 days"],
    ["an unknown group_by", `${RANGE}&group_by=day`, "group_by"],
    ["an unknown token type", `${RANGE}&token_type=audio`, "token_type"],
    ["max_groups 0", `${RANGE}&max_groups=0`, "max_groups"],
    ["no range", "group_by=model", "from"],
  ])("400 for %s", async (_case, query, words) => {
    const response = await explore(query);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain(words);
  });

  it("tenant B's key sees only B's usage", async () => {
    const body = (await explore(`${RANGE}&group_by=model`, keys.keyB)).body;
    expect([body.tenant_id, body.total.event_count, body.total.amount]).toEqual([keys.tenantB, "9", "77.7"]);
  });
});

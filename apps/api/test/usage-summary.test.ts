import { randomUUID } from "node:crypto";
import { getUsageGroupedBy } from "@tollgate/use-cases/usage";
import { rebuildDailyRollups } from "@tollgate/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

interface Totals {
  event_count: string;
  unrated_event_count: string;
  tokens: Record<"input" | "cached_input" | "cache_write" | "output" | "reasoning", string>;
  total_tokens: string;
  amount: string;
}
interface Summary {
  tenant_id: string;
  from: string;
  to: string;
  currency: string;
  group_by: string | null;
  total: Totals;
  groups?: (Totals & { key: string | null })[];
  truncated?: boolean;
}

let testApp: ApiTestApp;
let keys: TenantKeys;
const otherKeyId = randomUUID();
const FROM = "2026-03-01T22:00:00Z";
const TO = "2026-03-03T00:00:00Z";
const BEYOND_2_53 = 9_007_199_254_740_993n;

const summary = (query: string, key = keys.keyA) =>
  call<Summary>(testApp.app, "GET", `/v1/usage/summary?${query}`, key);
const groups = async (groupBy: string) => {
  const response = await summary(`from=${FROM}&to=${TO}&group_by=${groupBy}`);
  expect(response.status).toBe(200);
  return response.body.groups?.map((g) => ({ key: g.key, events: g.event_count, amount: g.amount }));
};

beforeAll(async () => {
  testApp = await startApiTestApp();
  const { db } = testApp;
  keys = await createTenantKeys(db);
  const a = keys.tenantA;
  const hour = (iso: string) => new Date(iso);
  await db.usageRollupHourly.createMany({
    data: [
      // Before `from` and at `to` (exclusive): never counted.
      { tenantId: a, hour: hour("2026-03-01T21:00:00Z"), modelId: "m1", eventCount: 100n, amount: "1000" },
      { tenantId: a, hour: hour("2026-03-03T00:00:00Z"), modelId: "m1", eventCount: 100n, amount: "5000" },
      {
        tenantId: a,
        hour: hour("2026-03-01T22:00:00Z"),
        modelId: "m1",
        apiKeyId: keys.keyAId,
        customer: "c1",
        agent: "a1",
        eventCount: 2n,
        inputTokens: 1000n,
        cachedInputTokens: 500n,
        outputTokens: 200n,
        amount: "0.0015",
      },
      {
        tenantId: a,
        hour: hour("2026-03-01T23:00:00Z"),
        modelId: "m2",
        apiKeyId: keys.keyAId,
        customer: "c2",
        eventCount: 1n,
        unratedCount: 1n,
        inputTokens: BEYOND_2_53,
        amount: "0",
      },
      {
        tenantId: a,
        hour: hour("2026-03-02T00:00:00Z"),
        modelId: "m1",
        customer: "c1",
        agent: "a1",
        eventCount: 3n,
        cacheWriteTokens: 7n,
        outputTokens: 20n,
        reasoningTokens: 5n,
        amount: "0.000000000000000000000000000001",
      },
      {
        tenantId: a,
        hour: hour("2026-03-02T05:00:00Z"),
        modelId: "m1",
        apiKeyId: otherKeyId,
        agent: "a2",
        eventCount: 4n,
        inputTokens: 10n,
        outputTokens: 30n,
        amount: "123.456",
      },
      // Tenant B in the same hour: a leak would show up in A's numbers.
      {
        tenantId: keys.tenantB,
        hour: hour("2026-03-01T22:00:00Z"),
        modelId: "m1",
        customer: "c1",
        eventCount: 9n,
        inputTokens: 999n,
        amount: "77.7",
      },
    ],
  });
  await rebuildDailyRollups(db);
  // Tenant A is on a EUR plan; tenant B has none (USD).
  const plan = await db.plan.create({ data: { code: "pro-eur", name: "Pro EUR" } });
  const version = await db.planVersion.create({
    data: { planId: plan.id, version: 1, status: "published", currency: "EUR", effectiveFrom: hour("2026-01-01Z") },
  });
  await db.subscription.create({ data: { tenantId: a, planVersionId: version.id, startsAt: hour("2026-01-01Z") } });
});

afterAll(async () => {
  await testApp.close();
});

describe("GET /v1/usage/summary", () => {
  it("sums every token type and the amount exactly, in [from, to), in the plan's currency", async () => {
    const response = await summary(`from=${FROM}&to=${TO}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      tenant_id: keys.tenantA,
      from: "2026-03-01T22:00:00.000Z",
      to: "2026-03-03T00:00:00.000Z",
      currency: "EUR",
      group_by: null,
      total: {
        event_count: "10",
        unrated_event_count: "1",
        tokens: {
          input: (BEYOND_2_53 + 1010n).toString(),
          cached_input: "500",
          cache_write: "7",
          output: "250",
          reasoning: "5",
        },
        total_tokens: (BEYOND_2_53 + 1010n + 500n + 7n + 250n + 5n).toString(),
        amount: "123.457500000000000000000000000001",
      },
    });
  });

  it("groups by UTC day, splitting at midnight UTC", async () => {
    const response = await summary(`from=${FROM}&to=${TO}&group_by=day`);
    expect(response.body.groups).toEqual([
      {
        key: "2026-03-01",
        event_count: "3",
        unrated_event_count: "1",
        tokens: {
          input: (BEYOND_2_53 + 1000n).toString(),
          cached_input: "500",
          cache_write: "0",
          output: "200",
          reasoning: "0",
        },
        total_tokens: (BEYOND_2_53 + 1700n).toString(),
        amount: "0.0015",
      },
      {
        key: "2026-03-02",
        event_count: "7",
        unrated_event_count: "0",
        tokens: { input: "10", cached_input: "0", cache_write: "7", output: "50", reasoning: "5" },
        total_tokens: "72",
        amount: "123.456000000000000000000000000001",
      },
    ]);
    expect(response.body.truncated).toBe(false);
    // 23:00-01:00 UTC straddles midnight: one hour on each side.
    const straddle = await summary("from=2026-03-01T23:00:00Z&to=2026-03-02T01:00:00Z&group_by=day");
    expect(straddle.body.groups?.map((g) => [g.key, g.event_count])).toEqual([
      ["2026-03-01", "1"],
      ["2026-03-02", "3"],
    ]);
    // An offset that lands on a whole UTC hour is accepted: 01:00+01:00 is midnight UTC.
    const offset = await summary("from=2026-03-02T01:00:00%2B01:00&to=2026-03-02T06:00:00Z&group_by=day");
    expect(offset.body.from).toBe("2026-03-02T00:00:00.000Z");
    expect(offset.body.groups?.map((g) => [g.key, g.event_count])).toEqual([["2026-03-02", "7"]]);
  });

  it("groups by model, most expensive first", async () => {
    expect(await groups("model")).toEqual([
      { key: "m1", events: "9", amount: "123.457500000000000000000000000001" },
      { key: "m2", events: "1", amount: "0" },
    ]);
  });

  it("groups by api key, with usage sent without a key under null", async () => {
    expect(await groups("api_key")).toEqual([
      { key: otherKeyId, events: "4", amount: "123.456" },
      { key: keys.keyAId, events: "3", amount: "0.0015" },
      { key: null, events: "3", amount: "0.000000000000000000000000000001" },
    ]);
  });

  it("groups by customer and by agent, with unattributed usage under null", async () => {
    expect(await groups("customer")).toEqual([
      { key: null, events: "4", amount: "123.456" },
      { key: "c1", events: "5", amount: "0.001500000000000000000000000001" },
      { key: "c2", events: "1", amount: "0" },
    ]);
    expect(await groups("agent")).toEqual([
      { key: "a2", events: "4", amount: "123.456" },
      { key: "a1", events: "5", amount: "0.001500000000000000000000000001" },
      { key: null, events: "1", amount: "0" },
    ]);
  });

  it("keeps the most expensive groups when there are too many", async () => {
    const range = { from: new Date(FROM), to: new Date(TO) };
    const top = await getUsageGroupedBy(testApp.db, keys.tenantA, range, "customer", 2);
    expect(top.truncated).toBe(true);
    expect(top.groups.map((g) => g.key)).toEqual([null, "c1"]);
    const all = await getUsageGroupedBy(testApp.db, keys.tenantA, range, "customer", 3);
    expect(all.truncated).toBe(false);
  });

  it("answers zeros, not an error, for a range without usage", async () => {
    const response = await summary("from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z&group_by=model");
    expect(response.status).toBe(200);
    expect(response.body.total).toMatchObject({ event_count: "0", total_tokens: "0", amount: "0" });
    expect(response.body.groups).toEqual([]);
  });

  it.each([
    ["a date without a time", "from=2026-03-01&to=2026-03-02T00:00:00Z", /from: must be an RFC 3339/],
    ["a date-time without offset", "from=2026-03-01T00:00:00&to=2026-03-02T00:00:00Z", /from: must be an RFC 3339/],
    ["an impossible date", "from=2026-02-30T00:00:00Z&to=2026-03-02T00:00:00Z", /from: must be an RFC 3339/],
    ["a missing to", "from=2026-03-01T00:00:00Z", /to: /],
    ["from equal to to", "from=2026-03-01T00:00:00Z&to=2026-03-01T00:00:00Z", /from must be before to/],
    ["from after to", "from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", /from must be before to/],
    ["a range over 400 days", "from=2025-01-01T00:00:00Z&to=2026-02-06T00:00:00Z", /at most 400 days/],
    ["a from inside an hour", "from=2026-03-01T22:30:00Z&to=2026-03-02T00:00:00Z", /from must be on a whole UTC hour/],
    ["a to inside an hour", "from=2026-03-01T00:00:00Z&to=2026-03-02T06:00:00%2B05:30", /to must be on a whole UTC/],
    ["an unknown group_by", `from=${FROM}&to=${TO}&group_by=week`, /group_by: must be one of model, day/],
    ["an unknown parameter", `from=${FROM}&to=${TO}&groupby=day`, /groupby/],
    ["a repeated parameter", `from=${FROM}&from=${FROM}&to=${TO}`, /from: /],
    ["a malformed tenant_id", `from=${FROM}&to=${TO}&tenant_id=acme`, /tenant_id: must be a tenant id/],
  ])("refuses %s with a 400 that says why", async (_label, query, message) => {
    const response = await call(testApp.app, "GET", `/v1/usage/summary?${query}`, keys.keyA);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("bad_request");
    expect(response.body.error.message).toMatch(message);
  });
});

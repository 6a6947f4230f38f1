import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import {
  getMargin,
  getProviderShare,
  getTokensByModelWeek,
  getTopAgents,
  getTopTenants,
  getUnratedVolume,
  refreshAnalyticsRollups,
} from "@tollgate/use-cases/analytics";
import { errorOf } from "./support/app-error.ts";

/**
 * The operators' analytics views over daily rollups of four tenants (two USD plans, one EUR plan, one without a
 * plan: USD) across three UTC weeks, after one analytics refresh. "Now" is Sunday 2026-12-06, so with weeks = 2 the
 * window is the weeks of Monday Nov 23 and Nov 30 (partial); the week of Nov 16 only feeds the first growth.
 */
const NOW = new Date("2026-12-06T12:00:00Z");
let database: TestDatabase;
let db: Db;
const tenant: Record<"t1" | "t2" | "t3" | "t4", string> = { t1: "", t2: "", t3: "", t4: "" };

type Row = [
  day: string,
  who: keyof typeof tenant,
  model: string,
  agent: string,
  events: number,
  unrated: number,
  input: number,
  output: number,
  amount: string,
  cost: string,
];
const ROWS: Row[] = [
  ["2026-11-17", "t1", "a/m1", "alpha", 10, 0, 1000, 0, "1", "0.4"],
  ["2026-11-24", "t1", "a/m1", "alpha", 20, 0, 1500, 500, "2.005", "0.801"],
  ["2026-11-24", "t2", "a/m2", "beta", 5, 0, 300, 0, "0.3333", "0.1111"],
  ["2026-11-25", "t3", "b/m3", "alpha", 7, 0, 4000, 0, "5", "1.5"],
  ["2026-11-25", "t4", "x/unknown", "", 4, 4, 100, 0, "0", "0"],
  ["2026-12-01", "t1", "a/m1", "alpha", 30, 0, 3000, 0, "3.0049", "1.2"],
  ["2026-12-02", "t2", "b/m3", "beta", 3, 1, 600, 0, "0.6667", "0.2222"],
  ["2026-12-02", "t3", "a/m1", "gamma", 1, 0, 50, 0, "0.05", "0.01"],
];

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 4 });
  for (const [id, provider] of [
    ["a/m1", "a"],
    ["a/m2", "a"],
    ["b/m3", "b"],
  ] as const) {
    await db.model.create({ data: { id, provider, displayName: id } });
  }
  const plan = await db.plan.create({ data: { code: "p", name: "P" } });
  for (const key of Object.keys(tenant) as (keyof typeof tenant)[]) {
    tenant[key] = (await db.tenant.create({ data: { name: `Tenant ${key}`, slug: key } })).id;
  }
  for (const [key, currency, version] of [
    ["t1", "USD", 1],
    ["t2", "USD", 2],
    ["t3", "EUR", 3],
  ] as const) {
    const planVersion = await db.planVersion.create({
      data: { planId: plan.id, version, currency, status: "published", effectiveFrom: new Date("2026-01-01Z") },
    });
    await db.subscription.create({
      data: { tenantId: tenant[key], planVersionId: planVersion.id, startsAt: new Date("2026-01-01Z") },
    });
  }
  await db.usageRollupDaily.createMany({
    data: ROWS.map(([day, who, modelId, agent, events, unrated, input, output, amount, cost]) => ({
      tenantId: tenant[who],
      day: new Date(`${day}T00:00:00Z`),
      modelId,
      agent,
      eventCount: BigInt(events),
      unratedCount: BigInt(unrated),
      inputTokens: BigInt(input),
      outputTokens: BigInt(output),
      amount,
      cost,
    })),
  });
  await refreshAnalyticsRollups(db);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("analytics views", () => {
  it("tokens by model per week: the top models, the rest as other, week-over-week growth", async () => {
    const result = await getTokensByModelWeek(db, { weeks: 2, topModels: 2, now: NOW });
    expect(result.asOf).not.toBeNull();
    expect(result.topModels).toEqual(["a/m1", "b/m3"]);
    expect(result.weeks).toEqual([
      {
        weekStart: "2026-11-23T00:00:00.000Z",
        partial: false,
        tokens: "6400",
        growth: "5.4",
        models: [
          { model: "a/m1", tokens: "2000", growth: "1" },
          { model: "b/m3", tokens: "4000", growth: null },
          { model: "other", tokens: "400", growth: null },
        ],
      },
      {
        weekStart: "2026-11-30T00:00:00.000Z",
        partial: true,
        tokens: "3650",
        growth: "-0.429688",
        models: [
          { model: "a/m1", tokens: "3050", growth: "0.525" },
          { model: "b/m3", tokens: "600", growth: "-0.85" },
          { model: "other", tokens: "0", growth: "-1" },
        ],
      },
    ]);
  });

  it("provider share: tokens of every currency, revenue of the one asked for", async () => {
    const result = await getProviderShare(db, { weeks: 2, currency: "USD", now: NOW });
    expect(result).toMatchObject({ tokens: "10050", revenue: "6.0099", currency: "USD" });
    expect(result.providers).toEqual([
      { provider: "a", tokens: "5350", share: "0.532338", revenue: "5.3432" },
      { provider: "b", tokens: "4600", share: "0.457711", revenue: "0.6667" },
      { provider: "unknown", tokens: "100", share: "0.00995", revenue: "0" },
    ]);
  });

  it("top tenants per currency, from the per-tenant weeks", async () => {
    const usd = await getTopTenants(db, { weeks: 2, currency: "USD", limit: 10, now: NOW });
    expect(usd.tenants).toEqual([
      {
        tenantId: tenant.t1,
        name: "Tenant t1",
        slug: "t1",
        tokens: "5000",
        events: "50",
        revenue: "5.0099",
        cost: "2.001",
      },
      { tenantId: tenant.t2, name: "Tenant t2", slug: "t2", tokens: "900", events: "8", revenue: "1", cost: "0.3333" },
      { tenantId: tenant.t4, name: "Tenant t4", slug: "t4", tokens: "100", events: "4", revenue: "0", cost: "0" },
    ]);
    const eur = await getTopTenants(db, { weeks: 2, currency: "EUR", limit: 1, now: NOW });
    expect(eur.tenants.map((row) => [row.slug, row.revenue, row.tokens])).toEqual([["t3", "5.05", "4050"]]);
    // One week only: the week of Nov 30.
    const week = await getTopTenants(db, { weeks: 1, currency: "USD", limit: 2, now: NOW });
    expect(week.tenants.map((row) => [row.slug, row.revenue])).toEqual([
      ["t1", "3.0049"],
      ["t2", "0.6667"],
    ]);
  });

  it("top agents across tenants, without the events that carry none", async () => {
    const result = await getTopAgents(db, { weeks: 2, currency: "USD", limit: 10, now: NOW });
    expect(result.agents).toEqual([
      { agent: "alpha", tokens: "9000", events: "57", revenue: "5.0099" },
      { agent: "beta", tokens: "900", events: "8", revenue: "1" },
      { agent: "gamma", tokens: "50", events: "1", revenue: "0" },
    ]);
  });

  it("margin by model: rounded lines add up to the rounded totals", async () => {
    const result = await getMargin(db, { weeks: 2, currency: "USD", by: "model", now: NOW });
    expect(result.total).toEqual({
      revenue: "6.0099",
      cost: "2.3343",
      roundedRevenue: "6.01",
      roundedCost: "2.33",
      margin: "3.6756",
      roundedMargin: "3.68",
      marginRatio: "0.611591",
    });
    expect(result.rows.map((row) => [row.key, row.roundedRevenue, row.roundedCost, row.roundedMargin])).toEqual([
      ["a/m1", "5.01", "2", "3.01"],
      ["b/m3", "0.67", "0.22", "0.45"],
      ["a/m2", "0.33", "0.11", "0.22"],
      ["x/unknown", "0", "0", "0"],
    ]);
    expect(result.rows.map((row) => [row.margin, row.marginRatio])).toEqual([
      ["3.0089", "0.600591"],
      ["0.4445", "0.666717"],
      ["0.2222", "0.666667"],
      ["0", null],
    ]);
  });

  it("margin by provider in EUR: cost is USD, so no margin", async () => {
    const result = await getMargin(db, { weeks: 2, currency: "EUR", by: "provider", now: NOW });
    expect(result.rows.map((row) => [row.key, row.revenue, row.cost, row.margin, row.marginRatio])).toEqual([
      ["b", "5", "1.5", null, null],
      ["a", "0.05", "0.01", null, null],
    ]);
    expect(result.total).toMatchObject({ roundedRevenue: "5.05", roundedCost: "1.51", roundedMargin: null });
  });

  it("unrated volume per model", async () => {
    const result = await getUnratedVolume(db, { weeks: 2, now: NOW });
    expect(result).toMatchObject({ unratedEvents: "5", events: "70" });
    expect(result.models).toEqual([
      { model: "x/unknown", unratedEvents: "4", events: "4", unratedShare: "1" },
      { model: "b/m3", unratedEvents: "1", events: "10", unratedShare: "0.1" },
    ]);
  });

  it("refuses a window outside 1–52 weeks and a currency that is not a code", async () => {
    const refusals = await Promise.all([
      errorOf(getUnratedVolume(db, { weeks: 0, now: NOW })),
      errorOf(getTopAgents(db, { weeks: 53, currency: "USD", limit: 1 })),
      errorOf(getProviderShare(db, { weeks: 2, currency: "usd" })),
    ]);
    expect(refusals.map((error) => [error.code, error.message])).toEqual([
      ["bad_request", "weeks must be a whole number from 1 to 52"],
      ["bad_request", "weeks must be a whole number from 1 to 52"],
      ["bad_request", "currency must be a three-letter ISO 4217 code"],
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, rebuildDailyRollups, type TestDatabase } from "@tollgate/db/testing";
import { forecastSpend } from "@tollgate/use-cases/usage";

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 4 });
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

async function tenantCreated(createdAt: string, billingAnchorDay = 1): Promise<string> {
  const slug = `fc-${Math.random().toString(36).slice(2, 10)}`;
  return (await db.tenant.create({ data: { name: slug, slug, createdAt: new Date(createdAt), billingAnchorDay } })).id;
}

/** Hourly rollup rows as the worker writes them: one per (hour, amount). */
async function spend(tenantId: string, rows: [hour: string, amount: string][]): Promise<void> {
  await db.usageRollupHourly.createMany({
    data: rows.map(([hour, amount], index) => ({
      tenantId,
      hour: new Date(hour),
      modelId: "m",
      customer: `c${index.toString()}`,
      eventCount: 1n,
      inputTokens: 1000n,
      amount,
    })),
  });
  await rebuildDailyRollups(db);
}

describe("forecastSpend", () => {
  const now = new Date("2026-12-20T12:00:00Z");

  it("projects the period from the last 7 full days (zero days count), and dates the credit's end", async () => {
    const tenantId = await tenantCreated("2026-11-20T00:00:00Z");
    await spend(tenantId, [
      ["2026-11-30T10:00:00Z", "100"], // last period: not spent in this one
      ["2026-12-13T10:00:00Z", "1"],
      ["2026-12-14T10:00:00Z", "2"],
      // Dec 15: nothing, a zero day in the rate
      ["2026-12-16T10:00:00Z", "4"],
      ["2026-12-17T10:00:00Z", "5"],
      ["2026-12-18T10:00:00Z", "6"],
      ["2026-12-19T10:00:00Z", "10"],
      ["2026-12-20T08:00:00Z", "5"], // today: spent, but not a full day of the rate
    ]);
    await db.creditGrant.createMany({
      data: [
        { tenantId, kind: "promotional", amount: "50", remaining: "14", currency: "USD", reason: "in use" },
        {
          tenantId,
          kind: "promotional",
          amount: "9",
          remaining: "9",
          currency: "USD",
          reason: "expired",
          expiresAt: new Date("2026-12-01Z"),
        },
        {
          tenantId,
          kind: "promotional",
          amount: "9",
          remaining: "9",
          currency: "USD",
          reason: "void",
          voidedAt: new Date("2026-12-02Z"),
        },
        { tenantId, kind: "promotional", amount: "9", remaining: "9", currency: "EUR", reason: "other currency" },
      ],
    });

    const forecast = await forecastSpend(db, tenantId, now);
    expect(forecast.periodStart.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(forecast.periodEnd.toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(forecast.spentSoFar).toBe("33");
    expect(forecast.basedOnDays).toBe(7);
    expect(forecast.dailyAverage).toBe("4"); // (1 + 2 + 0 + 4 + 5 + 6 + 10) / 7
    // 11.5 days left: 33 + 4 × 11.5, 33 + 0 × 11.5, 33 + 10 × 11.5
    expect([forecast.expected, forecast.low, forecast.high]).toEqual(["79", "33", "148"]);
    expect(forecast.creditBalance).toBe("14");
    expect(forecast.creditDepletesAt?.toISOString()).toBe("2026-12-24T00:00:00.000Z"); // 14 / 4 = 3.5 days
  });

  it("forecasts the tenant's own billing period (its anchor day)", async () => {
    const tenantId = await tenantCreated("2026-11-01T00:00:00Z", 15);
    await spend(tenantId, [
      ["2026-12-14T10:00:00Z", "7"], // before the 15th: the previous period
      ["2026-12-15T10:00:00Z", "2"],
    ]);
    const forecast = await forecastSpend(db, tenantId, now);
    expect(forecast.periodStart.toISOString()).toBe("2026-12-15T00:00:00.000Z");
    expect(forecast.periodEnd.toISOString()).toBe("2027-01-15T00:00:00.000Z");
    expect(forecast.spentSoFar).toBe("2");
  });

  it("uses only the full days since a new tenant was created, and none on its first day", async () => {
    const tenantId = await tenantCreated("2026-12-18T15:00:00Z");
    await spend(tenantId, [
      ["2026-12-18T16:00:00Z", "50"], // the partial first day is not a full day
      ["2026-12-19T10:00:00Z", "3"],
    ]);
    const forecast = await forecastSpend(db, tenantId, now);
    expect(forecast.basedOnDays).toBe(1);
    expect(forecast.dailyAverage).toBe("3");
    expect(forecast.creditDepletesAt).toBeNull();

    const brandNew = await tenantCreated("2026-12-20T09:00:00Z");
    const first = await forecastSpend(db, brandNew, now);
    expect([first.basedOnDays, first.spentSoFar, first.expected]).toEqual([0, "0", "0"]);
  });
});

import { billingPeriodStart } from "@tollgate/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

interface TenantRow {
  id: string;
  name: string;
  slug: string;
  plan: { name: string; version: number } | null;
  currency: string;
  spend: string;
  tokens: string;
  previous_spend: string;
  previous_spend_to_date: string;
  growth: string | null;
  credit_balance: string;
  unread_alerts: number;
}

interface TenantsBody {
  tenants: TenantRow[];
  next_cursor: string | null;
}

let testApp: ApiTestApp;
let keys: TenantKeys;
/** name → id of every tenant. */
const ids = new Map<string, string>();
const NOW = new Date();
const PERIOD = billingPeriodStart(NOW, 1);
const PREVIOUS = billingPeriodStart(new Date(PERIOD.getTime() - 1), 1);

function idOf(name: string): string {
  const id = ids.get(name);
  if (id === undefined) throw new Error(`no tenant ${name}`);
  return id;
}

beforeAll(async () => {
  testApp = await startApiTestApp();
  keys = await createTenantKeys(testApp.db);
  ids.set("Tenant A", keys.tenantA);
  ids.set("Tenant B", keys.tenantB);
  const tenants: [string, string][] = [
    ["Acme Alpha", "acme-alpha"],
    ["acme beta", "acme-beta"],
    ["ACME Gamma", "acme-gamma"],
    ["Bravo", "bravo"],
    ["Zeta Corp", "omega-z"],
    ["50%_off", "fifty-off"],
    ["Same Name", "same-name"],
    ["Same Name", "same-name-2"],
  ];
  for (const [name, slug] of tenants) {
    ids.set(`${name}/${slug}`, (await testApp.db.tenant.create({ data: { name, slug } })).id);
  }

  let sequence = 0;
  const charge = async (tenantId: string, occurredAt: Date, amount: string, tokens: bigint, currency = "USD") => {
    sequence += 1;
    await testApp.db.$executeRaw`
      INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
        idempotency_key, description)
      VALUES (${tenantId}::uuid, 'usage_charge', ${amount}::numeric, ${currency}, 'acme/model', 'output', ${tokens},
        ${occurredAt}, ${`overview-${sequence.toString()}`}, 'usage')`;
  };
  // The worker rolls up each hour's charges with them: growth compares with the previous period up to the same
  // point, read from these (the charges above were in its first hour).
  const rollup = async (tenantId: string, hour: Date, amount: string) => {
    await testApp.db.$executeRaw`
      INSERT INTO usage_rollups_hourly (tenant_id, hour, model_id, event_count, amount)
      VALUES (${tenantId}::uuid, ${hour}, 'acme/model', 1, ${amount}::numeric)`;
    await testApp.db.$executeRaw`
      INSERT INTO usage_rollups_daily (tenant_id, day, model_id, event_count, amount)
      VALUES (${tenantId}::uuid, date_trunc('day', ${hour}::timestamptz, 'UTC'), 'acme/model', 1, ${amount}::numeric)`;
  };
  // Spend this period: Bravo 150 (100 the period before: +50 %), Alpha 0.000000000000000000000000000001 more
  // than Zeta's 20 (exact sums, never floats), beta only last period (−100 %), Gamma only this one (no growth).
  await charge(idOf("Bravo/bravo"), PERIOD, "100", 1_000n);
  await charge(idOf("Bravo/bravo"), PERIOD, "50", 500n);
  await charge(idOf("Bravo/bravo"), PREVIOUS, "100", 900n);
  await rollup(idOf("Bravo/bravo"), PREVIOUS, "100");
  await charge(idOf("Acme Alpha/acme-alpha"), PERIOD, "20.000000000000000000000000000001", 7n);
  await charge(idOf("Zeta Corp/omega-z"), PERIOD, "20", 3n);
  await charge(idOf("acme beta/acme-beta"), PREVIOUS, "5", 10n);
  await rollup(idOf("acme beta/acme-beta"), PREVIOUS, "5");
  await charge(idOf("ACME Gamma/acme-gamma"), PERIOD, "1", 1n);
  // Another currency than the plan's is not this tenant's spend.
  await charge(idOf("ACME Gamma/acme-gamma"), PERIOD, "1000", 1n, "EUR");

  const plan = await testApp.db.plan.create({ data: { code: "pro", name: "Pro" } });
  const version = await testApp.db.planVersion.create({
    data: { planId: plan.id, version: 3, status: "published", currency: "USD", effectiveFrom: PREVIOUS },
  });
  await testApp.db.subscription.create({
    data: { tenantId: idOf("Bravo/bravo"), planVersionId: version.id, startsAt: PREVIOUS },
  });
  await testApp.db.creditGrant.createMany({
    data: [
      { tenantId: idOf("Bravo/bravo"), kind: "paid", amount: "40", remaining: "12.5", currency: "USD", reason: "t" },
      {
        tenantId: idOf("Bravo/bravo"),
        kind: "promotional",
        amount: "10",
        remaining: "10",
        currency: "USD",
        reason: "expired",
        expiresAt: new Date(NOW.getTime() - 60_000),
      },
    ],
  });
  await testApp.db.alert.createMany({
    data: [
      { tenantId: idOf("Bravo/bravo"), kind: "credit.low", dedupeKey: "a", payload: {} },
      { tenantId: idOf("Bravo/bravo"), kind: "credit.low", dedupeKey: "b", payload: {} },
      { tenantId: idOf("Bravo/bravo"), kind: "credit.low", dedupeKey: "c", payload: {}, readAt: NOW },
    ],
  });
});

afterAll(async () => {
  await testApp.close();
});

async function list(query: string, key: string = OPERATOR_KEY) {
  return call<TenantsBody>(testApp.app, "GET", `/v1/admin/tenants${query}`, key);
}

/** Every page of a listing, following next_cursor. */
async function allPages(query: string): Promise<{ rows: TenantRow[]; pages: number }> {
  const rows: TenantRow[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = query === "" ? "?" : "&";
    const suffix: string = cursor === null ? "" : `${separator}cursor=${encodeURIComponent(cursor)}`;
    const response = await list(`${query}${suffix}`);
    expect(response.status).toBe(200);
    rows.push(...response.body.tenants);
    cursor = response.body.next_cursor;
    pages += 1;
  } while (cursor !== null);
  return { rows, pages };
}

describe("GET /v1/admin/tenants", () => {
  it("lists every tenant by name, with plan, spend, tokens, growth, credit and unread alerts", async () => {
    const response = await list("");
    expect(response.status).toBe(200);
    expect(response.body.next_cursor).toBeNull();
    expect(response.body.tenants).toHaveLength(ids.size);
    const bravo = response.body.tenants.find((row) => row.slug === "bravo");
    expect(bravo).toEqual({
      id: idOf("Bravo/bravo"),
      name: "Bravo",
      slug: "bravo",
      plan: { name: "Pro", version: 3 },
      currency: "USD",
      period_start: PERIOD.toISOString(),
      spend: "150",
      tokens: "1500",
      previous_spend: "100",
      previous_spend_to_date: "100",
      growth: "0.5",
      credit_balance: "12.5",
      unread_alerts: 2,
    });
    const rows = new Map(response.body.tenants.map((row) => [row.slug, row]));
    expect(rows.get("acme-beta")).toMatchObject({ spend: "0", previous_spend: "5", growth: "-1", plan: null });
    expect(rows.get("acme-gamma")).toMatchObject({ spend: "1", tokens: "1", growth: null, credit_balance: "0" });
    expect(rows.get("acme-alpha")?.spend).toBe("20.000000000000000000000000000001");
  });

  it("searches a prefix of the name or the slug, any case, wildcards taken literally", async () => {
    const names = async (search: string) =>
      (await list(`?search=${encodeURIComponent(search)}`)).body.tenants.map((row) => row.slug).sort();
    expect(await names("acme")).toEqual(["acme-alpha", "acme-beta", "acme-gamma"]);
    expect(await names("ACME b")).toEqual(["acme-beta"]);
    expect(await names("omega")).toEqual(["omega-z"]);
    expect(await names("zeta")).toEqual(["omega-z"]);
    expect(await names("50%")).toEqual(["fifty-off"]);
    expect(await names("%")).toEqual([]);
    expect(await names("_")).toEqual([]);
    expect(await names("cme")).toEqual([]);
  });

  it("pages by name without duplicates or gaps, equal names included", async () => {
    const whole = (await list("?limit=200")).body.tenants.map((row) => row.id);
    const { rows, pages } = await allPages("?limit=2");
    expect(pages).toBe(Math.ceil(ids.size / 2));
    expect(rows.map((row) => row.id)).toEqual(whole);
    expect(new Set(whole).size).toBe(ids.size);
  });

  it("sorts by this period's spend, largest first, and pages through ties without duplicates or gaps", async () => {
    const { rows } = await allPages("?sort=spend&limit=3");
    expect(rows.slice(0, 4).map((row) => row.slug)).toEqual(["bravo", "acme-alpha", "omega-z", "acme-gamma"]);
    // The tenants without spend follow, by id.
    const rest = rows.slice(4).map((row) => row.id);
    expect(rest).toEqual([...rest].sort());
    expect(rows.slice(4).every((row) => row.spend === "0")).toBe(true);
    expect(new Set(rows.map((row) => row.id)).size).toBe(ids.size);
    expect(rows).toHaveLength(ids.size);
  });

  it("pages a search sorted by spend", async () => {
    const { rows, pages } = await allPages("?search=acme&sort=spend&limit=1");
    expect(pages).toBe(3);
    expect(rows.map((row) => row.slug)).toEqual(["acme-alpha", "acme-gamma", "acme-beta"]);
  });

  it("refuses a cursor of another search or sort, a bad sort or limit (400), and tenant keys (403)", async () => {
    const first = await list("?limit=1");
    const cursor = encodeURIComponent(first.body.next_cursor ?? "");
    expect((await list(`?limit=1&cursor=${cursor}`)).status).toBe(200);
    expect((await list(`?limit=1&sort=spend&cursor=${cursor}`)).status).toBe(400);
    expect((await list(`?limit=1&search=a&cursor=${cursor}`)).status).toBe(400);
    expect((await list(`?cursor=${cursor}x`)).status).toBe(400);
    expect((await list("?sort=growth")).status).toBe(400);
    expect((await list("?limit=0")).status).toBe(400);
    expect((await list("?limit=201")).status).toBe(400);
    expect((await list("", keys.keyA)).status).toBe(403);
    expect((await list("", keys.ingestOnlyA)).status).toBe(403);
    expect((await list("", "")).status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { closeBillingPeriod, DEFAULT_INVOICE_ISSUER, listInvoices, voidInvoice } from "@tollgate/use-cases/invoices";
import { errorOf } from "./support/app-error.ts";
import { as } from "./support/pricing-fixture.ts";

/**
 * Invoices issued at the same instant (one close's currencies, one run's tenants) list by number, latest first, and
 * a walk through the pages with the cursor gives the same order, each invoice once.
 */
let database: TestDatabase;
let db: Db;
const issuer = { ...DEFAULT_INVOICE_ISSUER, code: "ORD" };
const CLOSED_AT = new Date("2026-11-03T00:00:00Z");
const CURRENCIES = ["USD", "EUR", "GBP", "CHF"];
const tenants: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 4 });
  let key = 0;
  for (const slug of ["order-a", "order-b", "order-c"]) {
    const tenant = await db.tenant.create({
      data: { name: slug, slug, createdAt: new Date("2026-10-01T00:00:00Z"), invoiceGraceHours: 24 },
    });
    tenants.push(tenant.id);
    // Usage in every currency: the close issues one invoice per currency, all at CLOSED_AT.
    for (const currency of CURRENCIES) {
      key += 1;
      await db.$executeRaw`
        INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
          idempotency_key, description)
        VALUES (${tenant.id}::uuid, 'usage_charge', ${`${String(key)}.5`}::numeric, ${currency}, 'm1', 'output', 1000,
          '2026-10-15T00:00:00Z', ${`order:${String(key)}`}, 'usage')`;
    }
  }
  for (const tenantId of tenants) {
    const closed = await closeBillingPeriod(db, tenantId, issuer, { system: "order-test" }, { now: CLOSED_AT });
    expect(closed.status).toBe("closed");
  }
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const numbered = (sequences: number[]) => sequences.map((n) => `ORD-2026-${String(n).padStart(6, "0")}`);

/** Every page of a listing, `limit` at a time, following nextCursor. */
async function walk(filter: {
  tenantId?: string;
  limit: number;
  status?: "void" | "finalized";
}): Promise<(string | null)[]> {
  const numbers: (string | null)[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listInvoices(db, { ...filter, cursor });
    numbers.push(...page.invoices.map((invoice) => invoice.number));
    if (page.nextCursor === null) return numbers;
    cursor = page.nextCursor;
  }
}

describe("invoices issued at the same instant", () => {
  it("list by number, latest first, on one page and page by page", async () => {
    const all = await listInvoices(db, {});
    expect(all.invoices.every((invoice) => invoice.issuedAt === CLOSED_AT.toISOString())).toBe(true);
    const expected = numbered([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(all.invoices.map((invoice) => invoice.number)).toEqual(expected);
    for (const limit of [1, 5]) expect(await walk({ limit })).toEqual(expected);
    // One tenant's (the second closed: numbers 5–8), page by page.
    expect(await walk({ tenantId: tenants[1], limit: 3 })).toEqual(numbered([8, 7, 6, 5]));
  });

  it("keep that order under a status filter and after a void", async () => {
    const [latest] = (await listInvoices(db, { tenantId: tenants[0], limit: 1 })).invoices;
    expect(latest?.number).toBe(numbered([4])[0]);
    await voidInvoice(db, latest?.id ?? "", as("wrong currency"), { now: new Date("2026-11-04T00:00:00Z") });
    expect(await walk({ status: "void", limit: 1 })).toEqual(numbered([4]));
    expect(await walk({ tenantId: tenants[0], status: "finalized", limit: 1 })).toEqual(numbered([3, 2, 1]));
    // Voiding keeps issued_at: the invoice keeps its place among its peers.
    expect(await walk({ limit: 7 })).toEqual(numbered([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]));
  });

  it("order a sequence past 999,999 (seven digits) after the six-digit ones", async () => {
    const tenant = await db.tenant.create({ data: { name: "order-d", slug: "order-d" } });
    const issuedAt = new Date("2026-12-03T00:00:00Z");
    for (const [month, number] of [
      [9, "ORD-2026-999999"],
      [10, "ORD-2026-1000000"],
      [11, "ORD-2026-1000001"],
    ] as const) {
      await db.$executeRaw`
        INSERT INTO invoices (id, tenant_id, number, issuer, status, currency, period_start, period_end, issued_at)
        VALUES (gen_random_uuid(), ${tenant.id}::uuid, ${number}, 'ORD', 'finalized', 'USD',
                make_timestamptz(2026, ${month}, 1, 0, 0, 0, 'UTC'), make_timestamptz(2026, ${month + 1}, 1, 0, 0, 0, 'UTC'),
                ${issuedAt})`;
    }
    const order = ["ORD-2026-1000001", "ORD-2026-1000000", "ORD-2026-999999"];
    expect(await walk({ tenantId: tenant.id, limit: 1 })).toEqual(order);
    expect((await walk({ limit: 2 })).slice(0, 3)).toEqual(order);
  });

  it("refuse a cursor they did not return (400)", async () => {
    for (const cursor of [
      "nonsense",
      Buffer.from("2026-11-03T00:00:00.000Z|b3d9c0a4-1d7c-4a8e-9a51-0f1e2d3c4b5a'").toString("base64url"),
      Buffer.from("not a date|ORD-2026-000001").toString("base64url"),
      Buffer.from("2026-11-03T00:00:00.000Z|ORD-2026-000001|x").toString("base64url"),
    ]) {
      expect((await errorOf(listInvoices(db, { cursor }))).code).toBe("bad_request");
    }
  });
});

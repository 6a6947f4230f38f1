import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { insertAlertRecords } from "@tollgate/use-cases/budgets";
import { AppError } from "@tollgate/domain";
import { createWebhookEndpoint, recordWebhookEvent } from "@tollgate/use-cases/webhooks";
import { as, createTenant } from "./support/pricing-fixture.ts";

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

describe("recordWebhookEvent (the outbox)", () => {
  it("writes once per (tenant, dedupe key), in the caller's transaction", async () => {
    const tenantId = await createTenant(db, "Outbox Co");
    const event = {
      tenantId,
      type: "invoice.finalized" as const,
      dedupeKey: "invoice.finalized:inv-1",
      payload: { invoice_id: "inv-1", total: "12.50" },
      occurredAt: new Date("2026-12-01T00:00:00Z"),
    };
    await db.$transaction((tx) => recordWebhookEvent(tx, event));
    await db.$transaction((tx) => recordWebhookEvent(tx, { ...event, payload: { other: true } }));
    // A rolled-back transaction leaves no event behind.
    await expect(
      db.$transaction(async (tx) => {
        await recordWebhookEvent(tx, { ...event, dedupeKey: "invoice.finalized:inv-2" });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    const rows = await db.webhookEvent.findMany({ where: { tenantId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "invoice.finalized", payload: { invoice_id: "inv-1", total: "12.50" } });
    expect(rows[0]?.createdAt.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(rows[0]?.dispatchedAt).toBeNull();
  });

  it("refuses a type that is not a webhook event type", async () => {
    const tenantId = await createTenant(db, "Typo Co");
    await expect(
      db.$transaction((tx) =>
        recordWebhookEvent(tx, { tenantId, type: "invoice.typo" as "invoice.paid", dedupeKey: "k", payload: {} }),
      ),
    ).rejects.toThrow("unknown webhook event type invoice.typo");
  });

  it("turns every alert of a webhook kind into an event with the same dedupe key (trigger), once", async () => {
    const tenantId = await createTenant(db, "Alert Co");
    const alert = { tenantId, kind: "credit.low", dedupeKey: "credit_low:USD:g1", payload: { remaining: "1" } };
    await insertAlertRecords(db, [alert, { ...alert, kind: "something.internal", dedupeKey: "internal:1" }]);
    await db.alert.createMany({ data: [alert], skipDuplicates: true });
    const events = await db.webhookEvent.findMany({ where: { tenantId } });
    expect(events.map((e) => [e.type, e.dedupeKey, e.payload])).toEqual([
      ["credit.low", "credit_low:USD:g1", { remaining: "1" }],
    ]);
  });
});

describe("createWebhookEndpoint: the URL's host name, resolved", () => {
  it("refuses a name that resolves to a private address (any of them), accepts public and unresolvable ones", async () => {
    const tenantId = await createTenant(db, "Resolver Co");
    const input = { url: "https://hooks.example.test/x", events: ["invoice.paid"] };
    const withDns = (addresses: string[]) => ({
      policy: { allowPrivateNetworks: false },
      resolve: () => Promise.resolve(addresses),
    });
    const refused = await createWebhookEndpoint(db, tenantId, input, as(), withDns(["93.184.215.14", "10.1.2.3"])).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toBe(
      "url: hooks.example.test resolves to 10.1.2.3, a private address; webhooks go to public addresses only",
    );
    const created = await createWebhookEndpoint(db, tenantId, input, as(), withDns(["93.184.215.14"]));
    expect(created.secret).toMatch(/^whsec_/);
    // Not resolvable now: accepted; the worker checks every address again when it connects.
    await createWebhookEndpoint(db, tenantId, input, as(), withDns([]));
    expect(await db.webhookEndpoint.count({ where: { tenantId } })).toBe(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import { createApiKey, revokeApiKey } from "@tollgate/use-cases/api-keys";
import { createBudget, deleteBudget, listBudgets, updateBudget } from "@tollgate/use-cases/budgets";
import { createCreditGrant, listCreditGrants, voidCreditGrant } from "@tollgate/use-cases/credits";
import { createTenantOverride, endTenantOverride, listTenantOverrides } from "@tollgate/use-cases/overrides";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { as, auditOf, createModels, createTenant, tenantKey } from "./support/pricing-fixture.ts";
import { errorOf } from "./support/app-error.ts";

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 4 });
  await createModels(db, "adj", 2);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const at = (iso: string) => new Date(iso);

describe("tenant price overrides", () => {
  it("creates dated overrides that never overlap (409), ends them, audits with reason", async () => {
    const tenant = await createTenant(db, "Override Co");
    const override = await createTenantOverride(
      db,
      tenant,
      {
        startsAt: at("2026-03-01T00:00:00Z"),
        endsAt: at("2026-06-01T00:00:00Z"),
        discountPercent: "12.5",
        modelRates: { "adj/m0000": { input: "1.1", output: "4.4" }, "adj/*": { input: "2" } },
      },
      as("enterprise deal"),
    );
    expect(override).toMatchObject({ discountPercent: "12.5", reason: "enterprise deal" });
    expect(override.modelRates).toEqual({ "adj/m0000": { input: "1.1", output: "4.4" }, "adj/*": { input: "2" } });

    const overlap = (startsAt: string, endsAt: string | null) =>
      errorOf(
        createTenantOverride(
          db,
          tenant,
          { startsAt: at(startsAt), endsAt: endsAt ? at(endsAt) : null, discountPercent: "5" },
          as("again"),
        ),
      );
    expect(await overlap("2026-05-31T00:00:00Z", null)).toMatchObject({ code: "conflict" });
    expect(await overlap("2026-01-01T00:00:00Z", "2026-03-02T00:00:00Z")).toMatchObject({ code: "conflict" });
    expect(await overlap("2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z")).toMatchObject({ code: "conflict" });
    // Touching ranges do not overlap (ends_at is exclusive).
    const next = await createTenantOverride(
      db,
      tenant,
      { startsAt: at("2026-06-01T00:00:00Z"), discountPercent: "5" },
      as("renewal"),
    );

    const ended = await endTenantOverride(db, tenant, next.id, { endsAt: at("2026-09-01T00:00:00Z") }, as("churned"));
    expect(ended.endsAt).toEqual(at("2026-09-01T00:00:00Z"));
    expect(
      await errorOf(endTenantOverride(db, tenant, next.id, { endsAt: at("2026-10-01T00:00:00Z") }, as("x"))),
    ).toMatchObject({ code: "conflict", message: expect.stringContaining("already ends") });
    expect((await listTenantOverrides(db, tenant)).map((o) => o.id)).toEqual([override.id, next.id]);

    const [, endEntry] = await auditOf(db, next.id);
    expect(endEntry).toMatchObject({
      actor: "api_key:tg_testops",
      action: "tenant_override.end",
      tenantId: tenant,
      reason: "churned",
      before: { ends_at: null, discount_percent: "5" },
      after: { ends_at: "2026-09-01T00:00:00.000Z" },
    });
  });

  it("requires a reason and valid adjustments, and stores nothing otherwise", async () => {
    const tenant = await createTenant(db, "Picky");
    const start = at("2026-03-01T00:00:00Z");
    const cases = [
      [{ startsAt: start, discountPercent: "5" }, undefined, "reason"],
      [{ startsAt: start, discountPercent: "101" }, "r", "discount_percent"],
      [{ startsAt: start }, "r", "must change something"],
      [{ startsAt: start, modelRates: { "adj/m0000": { tokens: "1" } } }, "r", "model_rates"],
      [{ startsAt: start, modelRates: { "nope/x": { input: "1" } } }, "r", "model_rates.nope/x: unknown model"],
      [{ startsAt: start, endsAt: start, discountPercent: "1" }, "r", "ends_at"],
    ] as const;
    for (const [input, reason, text] of cases) {
      expect(await errorOf(createTenantOverride(db, tenant, input, as(reason)))).toMatchObject({
        code: "bad_request",
        message: expect.stringContaining(text),
      });
    }
    expect(await listTenantOverrides(db, tenant)).toEqual([]);
  });
});

describe("credit grants", () => {
  it("grants credit with a ledger entry, derives the balance from the ledger, and voids the unused rest", async () => {
    const tenant = await createTenant(db, "Credits");
    const now = at("2026-05-01T00:00:00Z");
    const grant = await createCreditGrant(
      db,
      tenant,
      { kind: "promotional", amount: "100.50", currency: "USD", priority: 2, expiresAt: at("2026-12-31T00:00:00Z") },
      as("launch promo"),
      { now },
    );
    expect(grant).toMatchObject({ amount: "100.5", balance: "100.5", status: "active", priority: 2 });
    const [grantEntry] = await db.ledgerEntry.findMany({ where: { tenantId: tenant } });
    expect(grantEntry).toMatchObject({
      kind: "credit_grant",
      currency: "USD",
      idempotencyKey: `credit_grant:${grant.id}`,
      creditGrantId: grant.id,
    });
    expect(grantEntry?.amount.toFixed()).toBe("-100.5");

    // Usage draws on it (as the worker will): positive amounts taken from the grant.
    await db.ledgerEntry.createMany({
      data: ["30.25", "0.000001"].map((amount, index) => ({
        tenantId: tenant,
        kind: "credit_usage" as const,
        amount,
        currency: "USD",
        occurredAt: at("2026-05-02T00:00:00Z"),
        idempotencyKey: `usage-test-${index}`,
        creditGrantId: grant.id,
      })),
    });
    const [listed] = await listCreditGrants(db, tenant, { now });
    expect(listed).toMatchObject({ used: "30.250001", expired: "0", balance: "70.249999", status: "active" });

    const voided = await voidCreditGrant(db, tenant, grant.id, as("abuse"), { now: at("2026-05-03T00:00:00Z") });
    expect(voided).toMatchObject({ balance: "0", expired: "70.249999", status: "voided" });
    const voidEntry = await db.ledgerEntry.findFirst({ where: { tenantId: tenant, kind: "credit_expiry" } });
    expect(voidEntry?.amount.toFixed()).toBe("70.249999");
    expect(voidEntry?.idempotencyKey).toBe(`credit_void:${grant.id}`);
    expect(await errorOf(voidCreditGrant(db, tenant, grant.id, as("twice")))).toMatchObject({ code: "conflict" });

    const entries = await auditOf(db, grant.id);
    expect(entries.map((entry) => [entry.action, entry.reason])).toEqual([
      ["credit_grant.create", "launch promo"],
      ["credit_grant.void", "abuse"],
    ]);
    expect(entries[1]).toMatchObject({
      before: { balance: "70.249999", voided_at: null },
      after: { balance: "0", voided_at: "2026-05-03T00:00:00.000Z" },
    });
  });

  it("writes no negative balance when voiding a used-up grant", async () => {
    const tenant = await createTenant(db, "Used Up");
    const grant = await createCreditGrant(db, tenant, { kind: "paid", amount: "10", currency: "EUR" }, as("paid"));
    await db.ledgerEntry.create({
      data: {
        tenantId: tenant,
        kind: "credit_usage",
        amount: "10",
        currency: "EUR",
        occurredAt: new Date(),
        idempotencyKey: "usage-all",
        creditGrantId: grant.id,
      },
    });
    const voided = await voidCreditGrant(db, tenant, grant.id, as("closing"));
    expect(voided.balance).toBe("0");
    expect(await db.ledgerEntry.count({ where: { tenantId: tenant, kind: "credit_expiry" } })).toBe(0);
  });

  it("refuses bad grants (amount ≤ 0, past expiry, no reason, other tenant's grant) and writes nothing", async () => {
    const tenant = await createTenant(db, "Careful");
    const other = await createTenant(db, "Other");
    const base = { kind: "paid", amount: "5", currency: "USD" } as const;
    for (const [input, reason, text] of [
      [{ ...base, amount: "0" }, "r", "amount"],
      [{ ...base, amount: "-5" }, "r", "amount"],
      [{ ...base, currency: "dollars" }, "r", "currency"],
      [{ ...base, expiresAt: at("2020-01-01Z") }, "r", "expires_at"],
      [base, "  ", "reason"],
    ] as const) {
      expect(await errorOf(createCreditGrant(db, tenant, input, as(reason)))).toMatchObject({
        code: "bad_request",
        message: expect.stringContaining(text),
      });
    }
    expect(await db.ledgerEntry.count({ where: { tenantId: tenant } })).toBe(0);
    const grant = await createCreditGrant(db, tenant, base, as("ok"));
    expect(await errorOf(voidCreditGrant(db, other, grant.id, as("wrong tenant")))).toMatchObject({
      code: "not_found",
    });
    expect(
      await errorOf(createCreditGrant(db, tenant, base, { actor: tenantKey(tenant), reason: "self-service" })),
    ).toMatchObject({ code: "forbidden" });
  });
});

describe("budgets", () => {
  it("creates, updates, lists and deletes budgets per tenant, API key and customer, audited", async () => {
    const tenant = await createTenant(db, "Budgets");
    const { apiKey } = await createApiKey(db, { tenantId: tenant, name: "k", scopes: ["ingest"] });
    const whole = await createBudget(
      db,
      tenant,
      { scope: "tenant", amount: "1000", currency: "USD", hardLimit: true },
      as("cap"),
    );
    expect(whole).toMatchObject({ scopeRef: "", period: "month", thresholds: [50, 80, 100], hardLimit: true });
    const perKey = await createBudget(
      db,
      tenant,
      { scope: "api_key", scopeRef: apiKey.id, amount: "50.5", currency: "USD", thresholds: [25, 90] },
      as(),
    );
    const perCustomer = await createBudget(
      db,
      tenant,
      { scope: "customer", scopeRef: "cust-42", amount: "10", currency: "USD" },
      as(),
    );
    expect(
      await errorOf(createBudget(db, tenant, { scope: "tenant", amount: "1", currency: "USD" }, as())),
    ).toMatchObject({ code: "conflict" });

    const updated = await updateBudget(db, tenant, perKey.id, { thresholds: [10, 50, 100], amount: "60" }, as("more"));
    expect(updated).toMatchObject({ thresholds: [10, 50, 100], amount: "60", scopeRef: apiKey.id });
    expect((await listBudgets(db, tenant)).map((b) => b.scope)).toEqual(["api_key", "customer", "tenant"]);
    await deleteBudget(db, tenant, perCustomer.id, as("not needed"));
    expect(await listBudgets(db, tenant)).toHaveLength(2);

    const [, update] = await auditOf(db, perKey.id);
    expect(update).toMatchObject({
      action: "budget.update",
      reason: "more",
      before: { amount: "50.5", thresholds: [25, 90] },
      after: { amount: "60", thresholds: [10, 50, 100] },
    });
    const [, deletion] = await auditOf(db, perCustomer.id);
    expect(deletion).toMatchObject({ action: "budget.delete", after: null, before: { scope_ref: "cust-42" } });
    expect(whole.id).toBeTruthy();
  });

  it("validates thresholds, amounts, scope references, changing nothing", async () => {
    const tenant = await createTenant(db, "Budget Rules");
    const other = await createTenant(db, "Budget Other");
    const { apiKey: othersKey } = await createApiKey(db, { tenantId: other, name: "o", scopes: ["ingest"] });
    const { apiKey: revoked } = await createApiKey(db, { tenantId: tenant, name: "r", scopes: ["ingest"] });
    await revokeApiKey(db, revoked.id);
    const base = { scope: "tenant", amount: "10", currency: "USD" } as const;
    for (const [input, text] of [
      [{ ...base, thresholds: [80, 50] }, "thresholds.1"],
      [{ ...base, thresholds: [50, 50] }, "thresholds.1"],
      [{ ...base, thresholds: [0] }, "thresholds.0"],
      [{ ...base, thresholds: [101] }, "thresholds.0"],
      [{ ...base, thresholds: [12.5] }, "thresholds.0"],
      [{ ...base, thresholds: [] }, "thresholds"],
      [{ ...base, amount: "0" }, "amount"],
      [{ ...base, scopeRef: "x" }, "scope_ref"],
      [{ ...base, scope: "api_key", scopeRef: othersKey.id }, "scope_ref"],
      [{ ...base, scope: "api_key", scopeRef: revoked.id }, "revoked"],
      [{ ...base, scope: "api_key", scopeRef: "not-a-uuid" }, "scope_ref"],
      [{ ...base, scope: "customer" }, "scope_ref"],
    ] as const) {
      expect(await errorOf(createBudget(db, tenant, input, as()))).toMatchObject({
        code: "bad_request",
        message: expect.stringContaining(text),
      });
    }
    expect(await listBudgets(db, tenant)).toEqual([]);
    expect(await errorOf(listBudgets(db, "00000000-0000-4000-8000-000000000000"))).toMatchObject({
      code: "not_found",
    });
  });
});

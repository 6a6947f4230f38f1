import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import {
  archivePlanVersion,
  copyPlanVersion,
  createPlan,
  createPlanVersionDraft,
  publishPlanVersion,
  updatePlanVersionDraft,
  type PlanRateInput,
} from "@tollgate/use-cases/pricing";
import {
  assignSubscription,
  getPlanInForce,
  listTenantSubscriptions,
  migrateSubscriptions,
} from "@tollgate/use-cases/subscriptions";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { as, auditOf, createModels, createTenant, OPERATOR } from "./support/pricing-fixture.ts";
import { errorOf } from "./support/app-error.ts";

let database: TestDatabase;
let db: Db;
let planId = "";
let v1 = "";
let v2 = "";
const [MODEL_A, MODEL_B, MODEL_C] = ["sub/m0000", "sub/m0001", "sub/m0002"] as const;

const rate = (modelId: string, tokenType: string, price: string): PlanRateInput => ({
  modelId,
  tokenType,
  pricePerMillion: price,
});

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 4 });
  await createModels(db, "sub", 3);
  planId = (await createPlan(db, { code: "pro", name: "Pro" }, as())).id;
  const draft = await createPlanVersionDraft(
    db,
    planId,
    {
      currency: "USD",
      effectiveFrom: new Date("2026-01-01T00:00:00Z"),
      rates: [
        rate(MODEL_A, "input", "3"),
        rate(MODEL_A, "cached_input", "0.30"),
        rate(MODEL_A, "output", "15"),
        rate(MODEL_B, "input", "1"),
        rate(MODEL_B, "output", "2"),
      ],
    },
    as(),
  );
  v1 = (await publishPlanVersion(db, planId, draft.id, as())).id;
  // v2: model A cheaper, model B dropped (unpriced under v2), model C added.
  const copy = await copyPlanVersion(db, planId, v1, { effectiveFrom: new Date("2026-06-01T00:00:00Z") }, as());
  await updatePlanVersionDraft(
    db,
    planId,
    copy.id,
    {
      rates: [
        rate(MODEL_A, "input", "2.5"),
        rate(MODEL_A, "cached_input", "0.25"),
        rate(MODEL_A, "output", "12.75"),
        rate(MODEL_C, "input", "9"),
      ],
    },
    as(),
  );
  v2 = (await publishPlanVersion(db, planId, copy.id, as())).id;
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const at = (iso: string) => new Date(iso);

describe("subscriptions", () => {
  it("assigns a tenant to one version at a time, closing the current one at the new start (no overlaps)", async () => {
    const tenant = await createTenant(db, "Acme");
    const first = await assignSubscription(
      db,
      tenant,
      { planVersionId: v1, startsAt: at("2026-02-01T00:00:00Z") },
      as("signed up"),
    );
    expect(first).toMatchObject({ planCode: "pro", version: 1, endsAt: null, currency: "USD" });
    const second = await assignSubscription(
      db,
      tenant,
      { planVersionId: v2, startsAt: at("2026-07-01T00:00:00Z") },
      as("upgrade"),
    );
    const history = await listTenantSubscriptions(db, tenant);
    expect(history.map((s) => [s.version, s.startsAt.toISOString(), s.endsAt?.toISOString() ?? null])).toEqual([
      [1, "2026-02-01T00:00:00.000Z", "2026-07-01T00:00:00.000Z"],
      [2, "2026-07-01T00:00:00.000Z", null],
    ]);
    expect((await getPlanInForce(db, tenant, at("2026-06-30T23:59:59.999Z")))?.version).toBe(1);
    expect((await getPlanInForce(db, tenant, at("2026-07-01T00:00:00Z")))?.version).toBe(2);

    const [entry] = await auditOf(db, second.id);
    expect(entry).toMatchObject({
      actor: "api_key:tg_testops",
      action: "subscription.assign",
      tenantId: tenant,
      reason: "upgrade",
      before: { subscription: { id: first.id, ends_at: null } },
      after: {
        subscription: { id: second.id, version: 2, starts_at: "2026-07-01T00:00:00.000Z" },
        previous: { id: first.id, ends_at: "2026-07-01T00:00:00.000Z" },
      },
    });
  });

  it("refuses overlaps, early starts, drafts, the same version and unknown ids, changing nothing", async () => {
    const tenant = await createTenant(db, "Strict");
    await assignSubscription(db, tenant, { planVersionId: v1, startsAt: at("2026-03-01T00:00:00Z") }, as());
    const attempt = (planVersionId: string, startsAt: string, tenantId = tenant) =>
      errorOf(assignSubscription(db, tenantId, { planVersionId, startsAt: at(startsAt) }, as()));

    expect(await attempt(v2, "2026-03-01T00:00:00Z")).toMatchObject({ code: "bad_request" }); // before v2's effective_from
    expect(await attempt(v1, "2026-01-15T00:00:00Z")).toMatchObject({
      code: "conflict",
      message: expect.stringContaining("already has a subscription starting at 2026-03-01"),
    });
    expect(await attempt(v1, "2026-04-01T00:00:00Z")).toMatchObject({
      code: "conflict",
      message: expect.stringContaining("already on this plan version"),
    });
    const draft = await copyPlanVersion(db, planId, v1, {}, as());
    expect(await attempt(draft.id, "2026-08-01T00:00:00Z")).toMatchObject({
      code: "conflict",
      message: expect.stringContaining("draft"),
    });
    expect(await attempt("00000000-0000-4000-8000-000000000000", "2026-08-01T00:00:00Z")).toMatchObject({
      code: "not_found",
    });
    expect(await attempt(v2, "2026-08-01T00:00:00Z", "00000000-0000-4000-8000-000000000000")).toMatchObject({
      code: "not_found",
    });
    expect(await listTenantSubscriptions(db, tenant)).toHaveLength(1);
  });

  it("refuses a start before usage already rated under another version", async () => {
    const tenant = await createTenant(db, "Rated");
    await assignSubscription(db, tenant, { planVersionId: v1, startsAt: at("2026-02-01T00:00:00Z") }, as());
    await db.usageEvent.create({
      data: {
        tenantId: tenant,
        eventId: "e1",
        occurredAt: at("2026-07-10T12:00:00Z"),
        receivedAt: at("2026-07-10T12:00:00Z"),
        modelId: MODEL_A,
        inputTokens: 10n,
        ratingStatus: "rated",
        amount: "0.00003",
        currency: "USD",
        planVersionId: v1,
      },
    });
    expect(
      await errorOf(assignSubscription(db, tenant, { planVersionId: v2, startsAt: at("2026-07-01T00:00:00Z") }, as())),
    ).toMatchObject({ code: "conflict", message: expect.stringContaining("already rated") });
    const later = await assignSubscription(
      db,
      tenant,
      { planVersionId: v2, startsAt: at("2026-07-11T00:00:00Z") },
      as(),
    );
    expect(later.version).toBe(2);
  });

  it("keeps subscribers on their version after a newer one is published or theirs is archived (grandfathering)", async () => {
    const plan = await createPlan(db, { code: "grandfather", name: "Grandfather" }, as());
    const draft = await createPlanVersionDraft(
      db,
      plan.id,
      { currency: "USD", effectiveFrom: at("2026-01-01T00:00:00Z"), rates: [rate(MODEL_A, "input", "5")] },
      as(),
    );
    const old = await publishPlanVersion(db, plan.id, draft.id, as());
    const tenant = await createTenant(db, "Loyal");
    await assignSubscription(db, tenant, { planVersionId: old.id, startsAt: at("2026-02-01T00:00:00Z") }, as());
    const next = await copyPlanVersion(db, plan.id, old.id, {}, as());
    await updatePlanVersionDraft(db, plan.id, next.id, { rates: [rate(MODEL_A, "input", "6")] }, as());
    await publishPlanVersion(db, plan.id, next.id, as());
    const archived = await archivePlanVersion(db, plan.id, old.id, as());
    expect(archived.activeSubscriptions).toBe(1);
    const inForce = await getPlanInForce(db, tenant, at("2027-01-01T00:00:00Z"));
    expect(inForce).toMatchObject({ planVersionId: old.id, version: 1 });
    // An archived version takes no new subscriptions.
    const newcomer = await createTenant(db, "Newcomer");
    expect(
      await errorOf(assignSubscription(db, newcomer, { planVersionId: old.id, startsAt: at("2026-09-01Z") }, as())),
    ).toMatchObject({ code: "conflict", message: expect.stringContaining("archived") });
  });
});

describe("bulk migration", () => {
  const NOW = at("2026-08-15T10:30:00Z");
  const AT = at("2026-09-01T00:00:00Z");

  async function rollup(tenantId: string, hour: string, modelId: string, tokens: Record<string, bigint>) {
    await db.usageRollupHourly.create({
      data: {
        tenantId,
        hour: at(hour),
        modelId,
        eventCount: 1n,
        inputTokens: tokens.input ?? 0n,
        cachedInputTokens: tokens.cached_input ?? 0n,
        outputTokens: tokens.output ?? 0n,
        ...(tokens.agent ? { agent: "x" } : {}),
      },
    });
  }

  it("previews each tenant's period usage under both versions (exact decimals, unpriced listed), then applies it", async () => {
    const alpha = await createTenant(db, "Alpha");
    const beta = await createTenant(db, "Beta");
    const other = await createTenant(db, "Other");
    for (const tenant of [alpha, beta]) {
      await assignSubscription(db, tenant, { planVersionId: v1, startsAt: at("2026-02-01T00:00:00Z") }, as());
    }
    await assignSubscription(db, other, { planVersionId: v2, startsAt: at("2026-07-01T00:00:00Z") }, as());
    // Alpha, August so far: model A in two hours, model B once; July usage is outside the period.
    await rollup(alpha, "2026-08-01T00:00:00Z", MODEL_A, {
      input: 1_000_000n,
      cached_input: 1_000_001n,
      output: 89_012n,
    });
    await rollup(alpha, "2026-08-14T09:00:00Z", MODEL_A, { input: 234_567n });
    await rollup(alpha, "2026-08-10T00:00:00Z", MODEL_B, { input: 500_000n, output: 250_000n });
    await rollup(alpha, "2026-07-31T23:00:00Z", MODEL_A, { input: 999_999_999n });

    const preview = await migrateSubscriptions(db, { fromVersionId: v1, toVersionId: v2, at: AT, dryRun: true }, as(), {
      now: NOW,
    });
    expect(preview.period).toEqual({ from: at("2026-08-01T00:00:00Z"), to: at("2026-09-01T00:00:00Z") });
    // Every tenant on v1 at AT (others from earlier tests too), never the one on v2.
    expect(preview.tenants.map((t) => t.tenantId)).toEqual(expect.arrayContaining([alpha, beta]));
    expect(preview.tenants.map((t) => t.tenantId)).not.toContain(other);
    const alphaPreview = preview.tenants.find((t) => t.tenantId === alpha);
    // By hand: model A = 1,234,567 input, 1,000,001 cached input, 89,012 output.
    //   v1: 1234567 × 3 / 1e6 = 3.703701; 1000001 × 0.30 / 1e6 = 0.3000003; 89012 × 15 / 1e6 = 1.33518 → 5.3388813
    //   v2: 1234567 × 2.5 / 1e6 = 3.0864175; 1000001 × 0.25 / 1e6 = 0.25000025; 89012 × 12.75 / 1e6 = 1.134903
    //       → 4.47132075
    // model B = 500,000 input, 250,000 output: v1 0.5 + 0.5 = 1; v2 has no rate (unpriced).
    expect(alphaPreview?.models).toEqual([
      {
        modelId: MODEL_A,
        tokens: { input: 1_234_567n, cached_input: 1_000_001n, cache_write: 0n, output: 89_012n, reasoning: 0n },
        currentAmount: "5.3388813",
        targetAmount: "4.47132075",
      },
      {
        modelId: MODEL_B,
        tokens: { input: 500_000n, cached_input: 0n, cache_write: 0n, output: 250_000n, reasoning: 0n },
        currentAmount: "1",
        targetAmount: null,
      },
    ]);
    expect(alphaPreview?.current).toEqual({ versionId: v1, currency: "USD", amount: "6.3388813", unpricedModels: [] });
    expect(alphaPreview?.target).toEqual({
      versionId: v2,
      currency: "USD",
      amount: "4.47132075",
      unpricedModels: [MODEL_B],
    });
    expect(alphaPreview?.difference).toBe("-1.86756055");
    expect(alphaPreview?.newSubscriptionId).toBeNull();
    expect(preview.tenants.find((t) => t.tenantId === beta)?.models).toEqual([]);
    // A dry run changes nothing.
    expect((await listTenantSubscriptions(db, alpha)).map((s) => s.endsAt)).toEqual([null]);
    const auditCount = await db.auditLog.count({ where: { action: "subscription.migrate" } });
    expect(auditCount).toBe(0);

    const run = await migrateSubscriptions(
      db,
      { fromVersionId: v1, toVersionId: v2, at: AT, tenantIds: [alpha, beta], dryRun: false },
      { actor: OPERATOR, reason: "move to v2" },
      { now: NOW },
    );
    expect(run.tenants.find((t) => t.tenantId === alpha)?.current.amount).toBe("6.3388813");
    for (const tenant of [alpha, beta]) {
      const history = await listTenantSubscriptions(db, tenant);
      expect(history.map((s) => [s.version, s.startsAt.toISOString(), s.endsAt?.toISOString() ?? null])).toEqual([
        [1, "2026-02-01T00:00:00.000Z", "2026-09-01T00:00:00.000Z"],
        [2, "2026-09-01T00:00:00.000Z", null],
      ]);
      const created = run.tenants.find((t) => t.tenantId === tenant)?.newSubscriptionId;
      expect(history[1]?.id).toBe(created);
      const entries = await db.auditLog.findMany({ where: { tenantId: tenant, action: "subscription.migrate" } });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor: "api_key:tg_testops",
        reason: "move to v2",
        targetId: created,
        before: { subscription: { version: 1, ends_at: null } },
        after: {
          subscription: { version: 2, starts_at: "2026-09-01T00:00:00.000Z" },
          previous: { ends_at: "2026-09-01T00:00:00.000Z" },
          migration: { from_version_id: v1, to_version_id: v2 },
        },
      });
    }
    // Nobody is left on v1 at AT; the tenant already on v2 was untouched.
    const again = await migrateSubscriptions(db, { fromVersionId: v1, toVersionId: v2, at: AT, dryRun: true }, as(), {
      now: NOW,
    });
    expect(again.tenants.filter((t) => [alpha, beta].includes(t.tenantId))).toEqual([]);
    expect(await listTenantSubscriptions(db, other)).toHaveLength(1);
  });

  it("refuses the whole run when a named tenant is not on the source version, changing nothing", async () => {
    const gamma = await createTenant(db, "Gamma");
    const stray = await createTenant(db, "Stray");
    await assignSubscription(db, gamma, { planVersionId: v1, startsAt: at("2026-02-01T00:00:00Z") }, as());
    const error = await errorOf(
      migrateSubscriptions(
        db,
        { fromVersionId: v1, toVersionId: v2, at: AT, tenantIds: [gamma, stray], dryRun: false },
        as(),
      ),
    );
    expect(error).toMatchObject({ code: "conflict", message: expect.stringContaining(stray) });
    expect(await listTenantSubscriptions(db, gamma)).toHaveLength(1);
    expect(
      await errorOf(migrateSubscriptions(db, { fromVersionId: v1, toVersionId: v1, at: AT, dryRun: true }, as())),
    ).toMatchObject({ code: "bad_request" });
    expect(
      await errorOf(
        migrateSubscriptions(db, { fromVersionId: v1, toVersionId: v2, at: at("2026-05-01Z"), dryRun: true }, as()),
      ),
    ).toMatchObject({ code: "bad_request", message: expect.stringContaining("effective_from") });
  });
});

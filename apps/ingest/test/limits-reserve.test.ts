import { randomUUID } from "node:crypto";
import { type Principal } from "@tollgate/use-cases/access";
import { createBudget, updateBudget } from "@tollgate/use-cases/budgets";
import { createCreditGrant } from "@tollgate/use-cases/credits";
import { setTenantBilling } from "@tollgate/use-cases/tenants";
import { meterKeys, billingPeriodStart, toDecimalString, money } from "@tollgate/domain";
import { createSpendLimits } from "@tollgate/queues";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createIngestDatabase,
  startTestIngest,
  type IngestDatabase,
  type TestIngest,
} from "./support/ingest-fixture.ts";

const OPERATOR: Principal = { kind: "operator_key", keyId: null, prefix: "tg_ops" };
const MODEL = "acme/opus";
// input 5, cache write 6.25, output 25, reasoning 25 per 1M: 10,000 prompt + 8,000 max output →
// 10,000 × 6.25/1M + 8,000 × 25/1M = 0.0625 + 0.2 = 0.2625 worst case.
const WORST_CASE = "0.2625";
const request = { model: MODEL, input_tokens: 10_000, max_output_tokens: 8_000 };

let database: IngestDatabase;
let ingest: TestIngest;
let tenantBudgetId: string;

beforeAll(async () => {
  database = await createIngestDatabase();
  const db = database.db;
  await db.$executeRaw`INSERT INTO models (id, provider, display_name, aliases, updated_at)
                       VALUES (${MODEL}, 'acme', 'Opus', '{opus-latest}', now())`;
  const planId = randomUUID();
  const versionId = randomUUID();
  await db.$executeRaw`INSERT INTO plans (id, code, name) VALUES (${planId}::uuid, 'pro', 'Pro')`;
  await db.$executeRaw`
    INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at, pricing)
    VALUES (${versionId}::uuid, ${planId}::uuid, 1, 'published', 'USD', '2026-01-01Z', now(), '{}')`;
  await db.$executeRaw`
    INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million) VALUES
      (${versionId}::uuid, ${MODEL}, 'input', '', 5), (${versionId}::uuid, ${MODEL}, 'cached_input', '', 0.5),
      (${versionId}::uuid, ${MODEL}, 'cache_write', '', 6.25), (${versionId}::uuid, ${MODEL}, 'output', '', 25),
      (${versionId}::uuid, ${MODEL}, 'reasoning', '', 25)`;
  for (const tenantId of [database.tenantId, database.otherTenantId]) {
    await db.$executeRaw`INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at)
                         VALUES (${randomUUID()}::uuid, ${tenantId}::uuid, ${versionId}::uuid, '2026-01-01Z')`;
  }
  const budget = await createBudget(
    db,
    database.tenantId,
    { scope: "tenant", amount: "10", currency: "USD", hardLimit: true },
    { actor: OPERATOR },
  );
  tenantBudgetId = budget.id;
  ingest = await startTestIngest(database, { reservationTermsTtlMs: 0 });
});

afterAll(async () => {
  await ingest.close();
  await database.drop();
});

interface Decision {
  allowed: boolean;
  reservation_id?: string;
  amount: string | null;
  currency: string | null;
  reason?: string;
  budget?: { id: string; spent_and_held?: string };
  budgets?: { id: string }[];
}

function reserve(body: unknown, key: string | null = database.keys.ingest): Promise<LightMyRequestResponse> {
  return ingest.runtime.app.inject({
    method: "POST",
    url: "/v1/limits/reserve",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    payload: JSON.stringify(body),
  });
}

const release = (id: string, key = database.keys.ingest) =>
  ingest.runtime.app.inject({
    method: "DELETE",
    url: `/v1/limits/reservations/${id}`,
    headers: { authorization: `Bearer ${key}` },
  });

async function heldNow(budgetId: string) {
  const state = await createSpendLimits(ingest.redis, ingest.prefix).state({
    kind: "budget",
    budgetId,
    periodStart: billingPeriodStart(new Date()),
  });
  return state ? { spent: state.spentMicro, held: state.heldMicro } : null;
}

describe("POST /v1/limits/reserve", () => {
  it("holds the worst case of the request (model alias resolved) and names the budgets it counts against", async () => {
    const response = await reserve({ ...request, model: "opus-latest", ttl_seconds: 60 });
    expect(response.statusCode).toBe(200);
    const body = response.json<Decision>();
    expect(body).toMatchObject({ allowed: true, amount: WORST_CASE, currency: "USD" });
    expect(body.reservation_id).toMatch(/^resv_/);
    expect(body.budgets?.map((b) => b.id)).toEqual([tenantBudgetId]);
    expect(await heldNow(tenantBudgetId)).toEqual({ spent: 0n, held: 262_500n });
    // Released early: the hold goes, a second release finds nothing.
    expect((await release(body.reservation_id ?? "")).statusCode).toBe(204);
    expect((await release(body.reservation_id ?? "")).statusCode).toBe(404);
    expect(await heldNow(tenantBudgetId)).toEqual({ spent: 0n, held: 0n });
  });

  it("never allows more than a $10 hard budget of worst-case spend across 200 concurrent reservations", async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, () => reserve(request)));
    expect(responses.map((r) => r.statusCode).every((status) => status === 200)).toBe(true);
    const decisions = responses.map((r) => r.json<Decision>());
    const allowed = decisions.filter((d) => d.allowed);
    const held = allowed.reduce((sum, d) => sum.plus(money(d.amount ?? "0")), money("0"));
    // floor(10 / 0.2625) = 38 holds fit; the 39th would make 10.2375.
    expect(allowed).toHaveLength(38);
    expect(held.lte(10)).toBe(true);
    expect(toDecimalString(held)).toBe("9.975");
    const denied = decisions.filter((d) => !d.allowed);
    expect(denied).toHaveLength(162);
    expect(denied[0]).toMatchObject({
      reason: "budget_exceeded",
      budget: { id: tenantBudgetId, spent_and_held: "9.975" },
    });
    expect(await heldNow(tenantBudgetId)).toEqual({ spent: 0n, held: 9_975_000n });
    // Releasing every hold frees the budget again.
    for (const decision of allowed) expect((await release(decision.reservation_id ?? "")).statusCode).toBe(204);
    expect(await heldNow(tenantBudgetId)).toEqual({ spent: 0n, held: 0n });
    expect((await reserve(request)).json<Decision>().allowed).toBe(true);
    await ingest.redis.del(
      `${ingest.prefix}:limits:budget:${tenantBudgetId}:${billingPeriodStart(new Date()).getTime().toString()}`,
    );
  });

  it("releases holds whose time ran out, inside the next reservation", async () => {
    const first = (await reserve({ ...request, ttl_seconds: 1 })).json<Decision>();
    expect(first.allowed).toBe(true);
    expect((await heldNow(tenantBudgetId))?.held).toBe(262_500n);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = (await reserve({ ...request, ttl_seconds: 60 })).json<Decision>();
    expect(second.allowed).toBe(true);
    // Only the second hold is left.
    expect((await heldNow(tenantBudgetId))?.held).toBe(262_500n);
    expect((await release(first.reservation_id ?? "")).statusCode).toBe(404);
    expect((await release(second.reservation_id ?? "")).statusCode).toBe(204);
  });

  it("starts from the period's spend in Postgres and follows a budget change", async () => {
    const periodStart = billingPeriodStart(new Date());
    await ingest.redis.del(`${ingest.prefix}:limits:budget:${tenantBudgetId}:${periodStart.getTime().toString()}`);
    // 9.80 already spent this period (as the worker's counter has it): one 0.2625 hold no longer fits.
    await database.db.usagePeriodCounter.upsert({
      where: {
        tenantId_periodStart_meter: {
          tenantId: database.tenantId,
          periodStart,
          meter: meterKeys.budget(tenantBudgetId),
        },
      },
      create: { tenantId: database.tenantId, periodStart, meter: meterKeys.budget(tenantBudgetId), amount: "9.8" },
      update: { amount: "9.8" },
    });
    expect((await reserve(request)).json<Decision>()).toMatchObject({ allowed: false, reason: "budget_exceeded" });
    await updateBudget(database.db, database.tenantId, tenantBudgetId, { hardLimit: false }, { actor: OPERATOR });
    // A soft budget never refuses; the recount (no rated usage in Postgres) set the counter back to 0.
    const soft = (await reserve(request)).json<Decision>();
    expect(soft.allowed).toBe(true);
    await release(soft.reservation_id ?? "");
    await updateBudget(database.db, database.tenantId, tenantBudgetId, { hardLimit: true }, { actor: OPERATOR });
  });

  it("applies only the tenant's own budgets: another tenant is not limited by them", async () => {
    const other = await reserve(request, database.keys.otherTenant);
    expect(other.json<Decision>()).toMatchObject({ allowed: true, amount: WORST_CASE, budgets: [], credit: null });
    const otherId = other.json<Decision>().reservation_id ?? "";
    // Nor can a tenant release another tenant's reservation.
    expect((await release(otherId)).statusCode).toBe(404);
    expect((await release(otherId, database.keys.otherTenant)).statusCode).toBe(204);
  });

  it("holds a prepaid tenant's requests against its live credit, and refuses what the credit cannot cover", async () => {
    const other = database.keys.otherTenant;
    await setTenantBilling(database.db, database.otherTenantId, { prepaid: true }, { actor: OPERATOR });
    // No credit yet: nothing can be held.
    expect((await reserve(request, other)).json<Decision>()).toMatchObject({
      allowed: false,
      reason: "insufficient_credit",
      credit: { currency: "USD", granted: "0", used: "0" },
    });
    await createCreditGrant(
      database.db,
      database.otherTenantId,
      { kind: "paid", amount: "1", currency: "USD" },
      { actor: OPERATOR, reason: "prepaid top-up" },
    );
    const decisions = (await Promise.all(Array.from({ length: 10 }, () => reserve(request, other)))).map((r) =>
      r.json<Decision>(),
    );
    // floor(1 / 0.2625) = 3 holds fit the $1 credit.
    expect(decisions.filter((d) => d.allowed)).toHaveLength(3);
    expect(decisions.find((d) => !d.allowed)).toMatchObject({
      reason: "insufficient_credit",
      credit: { granted: "1", used: "0", used_and_held: "0.7875" },
    });
    for (const decision of decisions.filter((d) => d.allowed)) await release(decision.reservation_id ?? "", other);
    await setTenantBilling(database.db, database.otherTenantId, { prepaid: false }, { actor: OPERATOR });
    expect((await reserve(request, other)).json<Decision>()).toMatchObject({ allowed: true, credit: null });
  });

  it("refuses an unpriced model where a hard budget applies", async () => {
    expect((await reserve({ ...request, model: "nobody/unknown" })).json<Decision>()).toMatchObject({
      allowed: false,
      reason: "model_unpriced",
    });
  });

  it("answers 400 naming the field for bad input, 401 without a key, 403 with a read-only key; holds nothing", async () => {
    const before = await heldNow(tenantBudgetId);
    const bad = [
      {},
      { ...request, input_tokens: -1 },
      { ...request, max_output_tokens: 1.5 },
      { ...request, max_output_tokens: 2 ** 64 },
      { ...request, ttl_seconds: 0 },
      { ...request, model: "" },
      { ...request, extra: true },
      // Text Postgres cannot hold: the terms lookup failed on it, a 503 with Retry-After (retried forever).
      { ...request, model: "acme/opus\u0000" },
      { ...request, model: "acme/\ud800opus" },
      { ...request, customer: "c\u0000" },
      { ...request, service_tier: "\udc00" },
    ];
    for (const body of bad) {
      const response = await reserve(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json<{ error: { message: string } }>().error.message).toMatch(/^body(\.\w+)?: /);
    }
    expect((await reserve(request, null)).statusCode).toBe(401);
    expect((await reserve(request, database.keys.readOnly)).statusCode).toBe(403);
    expect((await release("not-an-id")).statusCode).toBe(400);
    expect(await heldNow(tenantBudgetId)).toEqual(before);
  });

  it("is documented in ingest's /openapi.json", async () => {
    const doc = (await ingest.runtime.app.inject({ url: "/openapi.json" })).json<{
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>
      >;
    }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/limits/reserve", "/v1/limits/reservations/{id}"]),
    );
    expect(doc.paths["/v1/limits/reserve"]?.post?.requestBody?.content["application/json"]?.schema.required).toEqual([
      "model",
      "input_tokens",
      "max_output_tokens",
    ]);
  });
});

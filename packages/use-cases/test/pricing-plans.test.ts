import { TOKEN_TYPES } from "@tollgate/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import {
  archivePlanVersion,
  copyPlanVersion,
  createPlan,
  createPlanVersionDraft,
  getPlan,
  getPlanVersion,
  listPlans,
  publishPlanVersion,
  updatePlanVersionDraft,
  type PlanRateInput,
} from "@tollgate/use-cases/pricing";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { as, auditOf, createModels, createTenant, tenantKey } from "./support/pricing-fixture.ts";
import { errorOf } from "./support/app-error.ts";

let database: TestDatabase;
let db: Db;
let models: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 4 });
  models = await createModels(db, "test", 1200);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const EFFECTIVE = new Date("2026-01-01T00:00:00Z");
const rate = (modelId: string, tokenType: string, price: string, condition = ""): PlanRateInput => ({
  modelId,
  tokenType,
  condition,
  pricePerMillion: price,
});

async function newPlan(code: string) {
  return createPlan(db, { code, name: code.toUpperCase() }, as("launch"));
}

describe("plans and plan versions", () => {
  it("creates a plan once per code, audited, and refuses non-operators", async () => {
    const plan = await newPlan("pro");
    expect(plan).toMatchObject({ code: "pro", name: "PRO", description: "" });
    expect(await errorOf(newPlan("pro"))).toMatchObject({ code: "conflict" });
    expect(await errorOf(createPlan(db, { code: "Bad Code", name: "x" }, as()))).toMatchObject({
      code: "bad_request",
      message: expect.stringContaining("code:"),
    });
    const tenant = await createTenant(db, "Sneaky");
    expect(await errorOf(createPlan(db, { code: "sneaky", name: "x" }, { actor: tenantKey(tenant) }))).toMatchObject({
      code: "forbidden",
    });
    const [entry] = await auditOf(db, plan.id);
    expect(entry).toMatchObject({
      actor: "api_key:tg_testops",
      action: "plan.create",
      reason: "launch",
      before: null,
      after: { code: "pro", name: "PRO" },
    });
  });

  it("runs draft → published → archived, and a published or archived version is immutable (409)", async () => {
    const plan = await newPlan("lifecycle");
    const draft = await createPlanVersionDraft(
      db,
      plan.id,
      {
        currency: "USD",
        effectiveFrom: EFFECTIVE,
        pricing: { rules: [{ kind: "long_context", prompt_tokens_above: 200000 }] },
        rates: [rate(models[0]!, "input", "3"), rate(models[0]!, "input", "6", "long_context")],
      },
      as("first prices"),
    );
    expect(draft).toMatchObject({ version: 1, status: "draft", rateCount: 2, publishedAt: null });
    expect(draft.pricing).toMatchObject({ unlisted_models: { kind: "unpriced" }, spend_cap: null });

    const updated = await updatePlanVersionDraft(
      db,
      plan.id,
      draft.id,
      { rates: [rate(models[0]!, "input", "3.5"), rate(models[0]!, "output", "15.000")] },
      as("fix"),
    );
    expect(updated.rateCount).toBe(2);
    expect((await getPlanVersion(db, plan.id, draft.id)).rates).toEqual([
      // Each rate names its catalog model's provider (the console filters on it).
      { modelId: models[0], provider: "test", tokenType: "input", condition: "", pricePerMillion: "3.5" },
      { modelId: models[0], provider: "test", tokenType: "output", condition: "", pricePerMillion: "15" },
    ]);

    const published = await publishPlanVersion(db, plan.id, draft.id, as("go live"), {
      now: new Date("2026-01-02T00:00:00Z"),
    });
    expect(published).toMatchObject({ status: "published", publishedAt: new Date("2026-01-02T00:00:00Z") });

    for (const change of [
      () => updatePlanVersionDraft(db, plan.id, draft.id, { effectiveFrom: new Date("2026-02-01Z") }, as()),
      () => updatePlanVersionDraft(db, plan.id, draft.id, { rates: [] }, as()),
      () => publishPlanVersion(db, plan.id, draft.id, as()),
    ]) {
      const error = await errorOf(change());
      expect(error.code).toBe("conflict");
    }
    expect((await errorOf(updatePlanVersionDraft(db, plan.id, draft.id, { rates: [] }, as()))).message).toMatch(
      /published and cannot be changed.*copy it into a new draft/,
    );

    const archived = await archivePlanVersion(db, plan.id, draft.id, as("retire"));
    expect(archived).toMatchObject({ status: "archived" });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect(await errorOf(archivePlanVersion(db, plan.id, draft.id, as()))).toMatchObject({ code: "conflict" });
    expect(await errorOf(updatePlanVersionDraft(db, plan.id, draft.id, { currency: "EUR" }, as()))).toMatchObject({
      code: "conflict",
      message: expect.stringContaining("archived"),
    });
    // The rates are untouched by the refused edits.
    expect((await getPlanVersion(db, plan.id, draft.id)).rates).toHaveLength(2);

    const actions = (await auditOf(db, draft.id)).map((entry) => [entry.action, entry.reason]);
    expect(actions).toEqual([
      ["plan_version.create", "first prices"],
      ["plan_version.update", "fix"],
      ["plan_version.publish", "go live"],
      ["plan_version.archive", "retire"],
    ]);
    const [, update, publish] = await auditOf(db, draft.id);
    expect(update?.before).toMatchObject({ status: "draft", rates: { count: 2 } });
    expect(update?.after).toMatchObject({ status: "draft", rates: { count: 2 } });
    expect((update?.before as { rates: { sha256: string } }).rates.sha256).not.toBe(
      (update?.after as { rates: { sha256: string } }).rates.sha256,
    );
    expect(publish).toMatchObject({
      actor: "api_key:tg_testops",
      before: { status: "draft", published_at: null },
      after: { status: "published", published_at: "2026-01-02T00:00:00.000Z" },
    });
  });

  it("copies a published version into a new draft, the way to change a price", async () => {
    const plan = await newPlan("copyable");
    const v1 = await createPlanVersionDraft(
      db,
      plan.id,
      { currency: "EUR", effectiveFrom: EFFECTIVE, rates: [rate(models[1]!, "input", "1.25")] },
      as(),
    );
    await publishPlanVersion(db, plan.id, v1.id, as());
    const v2 = await copyPlanVersion(db, plan.id, v1.id, { effectiveFrom: new Date("2026-03-01Z") }, as("raise"));
    expect(v2).toMatchObject({ version: 2, status: "draft", currency: "EUR", rateCount: 1 });
    expect(v2.effectiveFrom).toEqual(new Date("2026-03-01Z"));
    await updatePlanVersionDraft(db, plan.id, v2.id, { rates: [rate(models[1]!, "input", "1.5")] }, as());
    await publishPlanVersion(db, plan.id, v2.id, as());
    expect((await getPlanVersion(db, plan.id, v1.id)).rates[0]?.pricePerMillion).toBe("1.25");
    expect((await getPlanVersion(db, plan.id, v2.id)).rates[0]?.pricePerMillion).toBe("1.5");
    const [copyEntry] = await auditOf(db, v2.id);
    expect(copyEntry).toMatchObject({
      action: "plan_version.copy",
      reason: "raise",
      before: null,
      after: { version: 2, copied_from: { id: v1.id, version: 1 } },
    });

    const fetched = await getPlan(db, plan.id);
    expect(fetched.versions.map((version) => [version.version, version.status])).toEqual([
      [2, "published"],
      [1, "published"],
    ]);
    expect((await listPlans(db)).map((listed) => listed.code)).toContain("copyable");
  });

  it("writes thousands of rates with set-based SQL (≥ 5,000 rows) and replaces them", async () => {
    const plan = await newPlan("big");
    const rates = models.flatMap((modelId, index) =>
      TOKEN_TYPES.map((tokenType, typeIndex) => rate(modelId, tokenType, `${index}.${typeIndex}0001`)),
    );
    expect(rates.length).toBe(6000);
    const started = performance.now();
    const draft = await createPlanVersionDraft(db, plan.id, { currency: "USD", effectiveFrom: EFFECTIVE, rates }, as());
    const elapsedMs = performance.now() - started;
    expect(draft.rateCount).toBe(6000);
    // One insert for all rows; one row at a time would take several seconds here.
    expect(elapsedMs).toBeLessThan(5000);
    const stored = await getPlanVersion(db, plan.id, draft.id);
    expect(stored.rates).toHaveLength(6000);
    expect(stored.rates.find((r) => r.modelId === models[1199] && r.tokenType === "reasoning")?.pricePerMillion).toBe(
      "1199.40001",
    );

    const replaced = await updatePlanVersionDraft(db, plan.id, draft.id, { rates: rates.slice(0, 5000) }, as());
    expect(replaced.rateCount).toBe(5000);
    const published = await publishPlanVersion(db, plan.id, draft.id, as());
    expect(published.rateCount).toBe(5000);
    const [, , publish] = await auditOf(db, draft.id);
    expect(publish?.after).toMatchObject({ rates: { count: 5000, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it("names bad fields and changes nothing: unknown models, bad conditions, duplicates, bad prices, pricing", async () => {
    const plan = await newPlan("strict");
    const attempt = (input: Partial<Parameters<typeof createPlanVersionDraft>[2]>) =>
      errorOf(createPlanVersionDraft(db, plan.id, { currency: "USD", effectiveFrom: EFFECTIVE, ...input }, as()));

    expect(await attempt({ rates: [rate(models[0]!, "input", "1"), rate("nope/model", "input", "1")] })).toMatchObject({
      code: "bad_request",
      message: expect.stringContaining('rates.1.model_id: unknown model "nope/model"'),
    });
    expect(await attempt({ rates: [rate(models[0]!, "input", "1", "long_context")] })).toMatchObject({
      message: expect.stringContaining("rates.0.condition"),
    });
    expect(await attempt({ rates: [rate(models[0]!, "input", "1", "weird")] })).toMatchObject({
      message: expect.stringContaining("rates.0.condition"),
    });
    expect(await attempt({ rates: [rate(models[0]!, "input", "1"), rate(models[0]!, "input", "2")] })).toMatchObject({
      message: expect.stringContaining("rates.1: the same model, token_type and condition as rates.0"),
    });
    expect(await attempt({ rates: [rate(models[0]!, "input", "-1")] })).toMatchObject({
      message: expect.stringContaining("rates.0.price_per_million"),
    });
    expect(await attempt({ rates: [rate(models[0]!, "tokens", "1")] })).toMatchObject({
      message: expect.stringContaining("rates.0.token_type"),
    });
    expect(await attempt({ pricing: { spend_cap: 100 } })).toMatchObject({
      message: expect.stringContaining("pricing.spend_cap"),
    });
    expect(await attempt({ currency: "usd" })).toMatchObject({ message: expect.stringContaining("currency") });
    expect((await getPlan(db, plan.id)).versions).toEqual([]);
    expect(await errorOf(getPlan(db, "00000000-0000-4000-8000-000000000000"))).toMatchObject({ code: "not_found" });
  });

  it("publishes only a consistent version, in version order", async () => {
    const plan = await newPlan("ordered");
    const empty = await createPlanVersionDraft(db, plan.id, { currency: "USD", effectiveFrom: EFFECTIVE }, as());
    expect(await errorOf(publishPlanVersion(db, plan.id, empty.id, as()))).toMatchObject({
      code: "conflict",
      message: expect.stringContaining("prices nothing"),
    });
    const markup = await createPlanVersionDraft(
      db,
      plan.id,
      {
        currency: "USD",
        effectiveFrom: EFFECTIVE,
        pricing: { unlisted_models: { kind: "cost_markup", markup_percent: "20" } },
      },
      as(),
    );
    await publishPlanVersion(db, plan.id, markup.id, as());
    await updatePlanVersionDraft(db, plan.id, empty.id, { rates: [rate(models[2]!, "input", "1")] }, as());
    expect(await errorOf(publishPlanVersion(db, plan.id, empty.id, as()))).toMatchObject({
      code: "conflict",
      message: expect.stringContaining("version 2 of this plan is already published"),
    });
    // Dropping a rule that rates still use is refused at the draft already.
    const ruled = await createPlanVersionDraft(
      db,
      plan.id,
      {
        currency: "USD",
        effectiveFrom: EFFECTIVE,
        pricing: { rules: [{ kind: "service_tier", service_tier: "batch", multiplier: "0.5" }] },
        rates: [rate(models[2]!, "input", "1"), rate(models[2]!, "input", "0.5", "service_tier:batch")],
      },
      as(),
    );
    expect(
      await errorOf(updatePlanVersionDraft(db, plan.id, ruled.id, { pricing: { rules: [] } }, as())),
    ).toMatchObject({ code: "bad_request", message: expect.stringContaining("service_tier:batch") });
    expect((await publishPlanVersion(db, plan.id, ruled.id, as())).status).toBe("published");
  });
});

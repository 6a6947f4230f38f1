import { randomUUID } from "node:crypto";
import { calcPrice } from "@pydantic/genai-prices";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { money, parseUsageEvent, toDecimalString, type QueuedUsageEvent } from "@tollgate/domain";
import { DEMO_PLANS, loadPriceCatalog, seedBaseData, type BaseSeedSummary } from "@tollgate/use-cases/seed";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUsageWorkerHarness, type UsageWorkerHarness } from "./support/run-usage-worker.ts";

/**
 * The seeded demo plans follow genai-prices' long-context tiers: events for models tiered above 200k prompt tokens,
 * through the real worker under the Enterprise plan (list price + its markup), are charged what genai-prices' own
 * calcPrice charges for the same usage times that markup, at the base price at 150k and at the tier price at 250k.
 */
const NOW = new Date();
const AT = new Date(NOW.getTime() - 60 * 60 * 1000);
const MODELS = [
  { id: "anthropic/claude-sonnet-4-5", provider: "anthropic", model: "claude-sonnet-4-5" },
  { id: "google/gemini-2.5-pro", provider: "google", model: "gemini-2.5-pro" },
];

let database: TestDatabase;
let db: Db;
let pool: pg.Pool;
let harness: UsageWorkerHarness;
let seeded: BaseSeedSummary;
const tenantId = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  seeded = await seedBaseData(db, { priceDate: NOW });
  harness = startUsageWorkerHarness(pool);
  await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, 'long', 'Long Context Inc')", [tenantId]);
  await pool.query(
    "INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at) VALUES ($1, $2, $3, '2025-01-01Z')",
    [randomUUID(), tenantId, seeded.planVersionIds.get("enterprise")],
  );
}, 120_000);

afterAll(async () => {
  await harness.close();
  await pool.end();
  await db.$disconnect();
  await database.drop();
});

interface Usage {
  input: number;
  cached: number;
  write: number;
  output: number;
}

function event(id: string, model: string, usage: Usage): QueuedUsageEvent {
  const parsed = parseUsageEvent(
    {
      id,
      model,
      timestamp: AT.toISOString(),
      input_tokens: usage.input,
      cached_input_tokens: usage.cached,
      cache_write_tokens: usage.write,
      output_tokens: usage.output,
    },
    NOW,
  );
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

/** The Enterprise plan's markup over list price (the plan the tenant is on). */
const ENTERPRISE_MARKUP = DEMO_PLANS.find((plan) => plan.code === "enterprise")?.markup ?? "NaN";

/**
 * genai-prices' price for the usage times the Enterprise markup; its input_tokens is the whole prompt, cache reads
 * and writes included.
 */
function listPrice(provider: string, model: string, usage: Usage): string {
  const result = calcPrice(
    {
      input_tokens: usage.input + usage.cached + usage.write,
      cache_read_tokens: usage.cached,
      cache_write_tokens: usage.write,
      output_tokens: usage.output,
    },
    model,
    { providerId: provider, timestamp: AT },
  );
  if (!result) throw new Error(`genai-prices does not price ${provider}/${model}`);
  return rounded(toDecimalString(money(String(result.total_price)).times(ENTERPRISE_MARKUP)));
}

/** calcPrice works in floats: both sides are compared at 9 decimals, far below a float's error at these sizes. */
const rounded = (value: string) => toDecimalString(money(value).toDecimalPlaces(9));

describe("seeded long-context prices", () => {
  it("gives each 200k-tiered model a long_context rule and rates in every demo plan", async () => {
    const catalog = await loadPriceCatalog(NOW);
    for (const { id } of MODELS) {
      // The dataset fact the rest relies on; a newer genai-prices without the tier fails here, not below.
      expect(catalog.find((model) => model.id === id)?.longContext?.promptTokensAbove).toBe(200_000);
    }
    const versions = await db.planVersion.findMany({ include: { plan: true } });
    expect(versions).toHaveLength(3);
    for (const version of versions) {
      const rules = (version.pricing as { rules: { kind: string; prompt_tokens_above: number; models: string[] }[] })
        .rules;
      const rule = rules.find((r) => r.kind === "long_context" && r.models.includes(MODELS[0]!.id));
      expect(rule?.prompt_tokens_above).toBe(200_000);
      expect(rule?.models).toContain(MODELS[1]!.id);
      const rates = await db.planRate.count({
        where: { planVersionId: version.id, condition: "long_context", modelId: { in: MODELS.map((m) => m.id) } },
      });
      expect(rates).toBe(MODELS.length * 5);
    }
  });

  it("charges list price times the markup exactly as genai-prices does, at the tier above 200k prompt tokens and the base below", async () => {
    const long: Usage = { input: 200_000, cached: 40_000, write: 10_000, output: 1_000 };
    const short: Usage = { input: 120_000, cached: 20_000, write: 10_000, output: 1_000 };
    const events = MODELS.flatMap(({ id }, index) => [
      event(`long-${index}`, id, long),
      event(`short-${index}`, id, short),
    ]);
    await harness.runJob([{ tenantId, apiKeyId: randomUUID(), events }]);

    const rows = await pool.query<{ event_id: string; amount: string | null; rule: string | null }>(
      "SELECT event_id, amount::text, pricing_rule AS rule FROM usage_events ORDER BY event_id",
    );
    const byId = new Map(rows.rows.map((row) => [row.event_id, row]));
    for (const [index, { provider, model }] of MODELS.entries()) {
      const longRow = byId.get(`long-${index}`);
      const shortRow = byId.get(`short-${index}`);
      expect(longRow?.rule).toBe("long_context");
      expect(shortRow?.rule).toBe("base");
      expect(rounded(longRow?.amount ?? "NaN")).toBe(listPrice(provider, model, long));
      expect(rounded(shortRow?.amount ?? "NaN")).toBe(listPrice(provider, model, short));
    }
  });
});

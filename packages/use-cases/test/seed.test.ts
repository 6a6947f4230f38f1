import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { waitForUpdate } from "@pydantic/genai-prices";
import { Decimal } from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import { authenticateUser } from "@tollgate/use-cases/accounts";
import { authenticateApiKey } from "@tollgate/use-cases/api-keys";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import {
  DEMO_OPERATOR_EMAIL,
  DEMO_PASSWORD,
  DEMO_TENANTS,
  DEMO_VIEWER,
  demoAdminEmail,
  loadPriceCatalog,
  priceDatasetSource,
  readDemoKeysFile,
  seedDemoData,
  type SeedSummary,
  UNDATED_PRICE_FROM,
} from "../src/seed/index.ts";
import { demoRequested } from "../scripts/demo-requested.ts";

let database: TestDatabase;
let db: Db;
let keysDir: string;
let keysFile: string;
let first: SeedSummary;
let second: SeedSummary;
type RowCounts = Awaited<ReturnType<typeof rowCounts>>;
let countsAfterFirst: RowCounts;
let countsAfterSecond: RowCounts;
let keysAfterFirst: string | undefined;

async function rowCounts() {
  return {
    models: await db.model.count(),
    modelCostRates: await db.modelCostRate.count(),
    plans: await db.plan.count(),
    planVersions: await db.planVersion.count(),
    planRates: await db.planRate.count(),
    tenants: await db.tenant.count(),
    users: await db.user.count(),
    apiKeys: await db.apiKey.count(),
    liveApiKeys: await db.apiKey.count({ where: { revokedAt: null } }),
    subscriptions: await db.subscription.count(),
    auditLog: await db.auditLog.count(),
  };
}

beforeAll(async () => {
  database = await createTestDatabase({ migrate: true });
  db = createDbClient(database.url, { maxConnections: 2 });
  keysDir = mkdtempSync(join(tmpdir(), "tollgate-seed-"));
  // A directory that does not exist yet: the seed creates it.
  keysFile = join(keysDir, "nested", "demo-keys.json");
  first = await seedDemoData(db, { keysFile });
  countsAfterFirst = await rowCounts();
  keysAfterFirst = JSON.stringify(readDemoKeysFile(keysFile));
  second = await seedDemoData(db, { keysFile });
  countsAfterSecond = await rowCounts();
}, 120_000);

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
  rmSync(keysDir, { recursive: true, force: true });
});

describe("seedDemoData", () => {
  it("is idempotent: a second run creates nothing and keeps the keys", () => {
    expect(countsAfterSecond).toEqual(countsAfterFirst);
    expect(countsAfterFirst.tenants).toBe(3);
    expect(countsAfterFirst.users).toBe(5);
    expect(countsAfterFirst.liveApiKeys).toBe(4);
    expect(countsAfterFirst.subscriptions).toBe(3);
    expect(first).toMatchObject({ keys: "created", usersCreated: 5, tenants: 3 });
    expect(first.modelsCreated).toBe(first.models);
    expect(second).toMatchObject({
      keys: "kept",
      modelsCreated: 0,
      costRatesCreated: 0,
      ratesCreated: 0,
      usersCreated: 0,
    });
    expect(JSON.stringify(readDemoKeysFile(keysFile))).toBe(keysAfterFirst);
  });

  it("loads hundreds of models and prices every model for every token type in every plan", async () => {
    expect(countsAfterFirst.models).toBeGreaterThanOrEqual(300);
    // Base rates for every model, and long-context rates for each model the dataset tiers (see the worker's
    // seeded-long-context test for how they rate).
    const tiered = (await loadPriceCatalog(new Date())).filter((model) => model.longContext).length;
    expect(tiered).toBeGreaterThan(0);
    expect(first.ratesCreated).toBe((countsAfterFirst.models + tiered) * 5 * 3);
    const perVersion = await db.planRate.groupBy({ by: ["planVersionId", "condition"], _count: { _all: true } });
    expect(perVersion).toHaveLength(6);
    for (const group of perVersion) {
      expect(group._count._all).toBe((group.condition === "" ? countsAfterFirst.models : tiered) * 5);
    }
    const versions = await db.planVersion.findMany({ include: { plan: true } });
    expect(versions.map((version) => version.plan.code).sort()).toEqual(["enterprise", "free", "pro"]);
    for (const version of versions) {
      expect(version).toMatchObject({ version: 1, status: "published", currency: "USD" });
      expect(version.effectiveFrom.toISOString()).toBe("2025-01-01T00:00:00.000Z");
    }
  });

  it("stores every dated dataset price as cost rates, from genai-prices, for every model and token type", async () => {
    expect(first.costRatesCreated).toBe(countsAfterFirst.modelCostRates);
    expect(countsAfterFirst.modelCostRates).toBeGreaterThanOrEqual(countsAfterFirst.models * 5);
    const perModelType = await db.modelCostRate.groupBy({ by: ["modelId", "tokenType"], _count: { _all: true } });
    expect(perModelType).toHaveLength(countsAfterFirst.models * 5);
    const sources = await db.modelCostRate.groupBy({ by: ["source"], _count: { _all: true } });
    expect(sources.map((group) => group.source)).toEqual([priceDatasetSource()]);
    expect(priceDatasetSource()).toMatch(/^genai-prices \d+\.\d+\.\d+/);

    // Every dataset price period is a row, at its start date (the undated price from the epoch).
    const catalog = await loadPriceCatalog(new Date());
    const dated = catalog.filter((model) => model.priceHistory.length > 1);
    expect(dated.length).toBeGreaterThan(0);
    for (const model of dated) {
      const rows = await db.modelCostRate.findMany({
        where: { modelId: model.id, tokenType: "input" },
        orderBy: { effectiveFrom: "asc" },
      });
      expect(rows.map((row) => [row.effectiveFrom.toISOString(), row.pricePerMillion.toString()])).toEqual(
        model.priceHistory.map((period) => [period.effectiveFrom.toISOString(), period.prices.input]),
      );
    }
    expect(dated.map((model) => model.priceHistory[0]!.effectiveFrom)).toContainEqual(UNDATED_PRICE_FROM);
  });

  it("prices exactly: Enterprise = list × 1.05, Pro = list × 1.10, Free = list × 1.25 as decimal strings", async () => {
    const providers = await waitForUpdate();
    const model = providers?.find((p) => p.id === "anthropic")?.models.find((m) => m.id === "claude-3-5-haiku-latest");
    const prices = model?.prices;
    if (!prices || Array.isArray(prices) || typeof prices.input_mtok !== "number") {
      throw new Error("dataset changed: anthropic/claude-3-5-haiku-latest has no plain input price");
    }
    // 0.8 × 1.1 is 0.8800000000000001 in floating point; the rate must be exactly 0.88.
    const list = new Decimal(String(prices.input_mtok));
    const rateOf = async (planCode: string, tokenType: "input" | "output" | "reasoning") => {
      const rate = await db.planRate.findFirstOrThrow({
        where: { modelId: "anthropic/claude-3-5-haiku-latest", tokenType, planVersion: { plan: { code: planCode } } },
      });
      return rate.pricePerMillion.toString();
    };
    expect(await rateOf("pro", "input")).toBe(list.times("1.10").toString());
    expect(await rateOf("free", "input")).toBe(list.times("1.25").toString());
    expect(await rateOf("enterprise", "input")).toBe(list.times("1.05").toString());
    // Reasoning tokens are billed as output tokens when the dataset has no separate price.
    expect(await rateOf("pro", "reasoning")).toBe(await rateOf("pro", "output"));
  });

  it("writes keys that authenticate with the right tenant and scopes, owner-readable only", async () => {
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
    const keys = readDemoKeysFile(keysFile);
    if (!keys) throw new Error("keys file missing or malformed");
    expect(await authenticateApiKey(db, keys.operator)).toMatchObject({ kind: "operator_key" });
    expect(Object.keys(keys.tenants).sort()).toEqual(DEMO_TENANTS.map((tenant) => tenant.slug).sort());
    for (const tenant of DEMO_TENANTS) {
      const entry = keys.tenants[tenant.slug]!;
      const stored = await db.tenant.findUniqueOrThrow({ where: { slug: tenant.slug } });
      expect(entry.tenantId).toBe(stored.id);
      const principal = await authenticateApiKey(db, entry.apiKey);
      expect(principal).toMatchObject({ tenantId: stored.id });
      expect([...(principal?.kind === "api_key" ? principal.scopes : [])].sort()).toEqual(["ingest", "read"]);
    }
  });

  it("subscribes each tenant to its plan from 2025-01-01", async () => {
    const expected = { "acme-agents": "enterprise", "globex-ai": "pro", "initech-labs": "free" };
    for (const [slug, planCode] of Object.entries(expected)) {
      const subscriptions = await db.subscription.findMany({
        where: { tenant: { slug } },
        include: { planVersion: { include: { plan: true } } },
      });
      expect(subscriptions).toHaveLength(1);
      expect(subscriptions[0]!.planVersion.plan.code).toBe(planCode);
      expect(subscriptions[0]!.startsAt.toISOString()).toBe("2025-01-01T00:00:00.000Z");
    }
  });

  it("lets the operator, the tenant admins and Acme's viewer log in with the demo password", async () => {
    expect(await authenticateUser(db, DEMO_OPERATOR_EMAIL, DEMO_PASSWORD)).toMatchObject({
      role: "operator",
      tenantId: null,
    });
    for (const tenant of DEMO_TENANTS) {
      const stored = await db.tenant.findUniqueOrThrow({ where: { slug: tenant.slug } });
      expect(await authenticateUser(db, demoAdminEmail(tenant.slug), DEMO_PASSWORD)).toMatchObject({
        role: "tenant_admin",
        tenantId: stored.id,
      });
    }
    const acme = await db.tenant.findUniqueOrThrow({ where: { slug: DEMO_VIEWER.slug } });
    expect(await authenticateUser(db, DEMO_VIEWER.email, DEMO_PASSWORD)).toMatchObject({
      role: "tenant_viewer",
      tenantId: acme.id,
    });
    expect(await authenticateUser(db, DEMO_OPERATOR_EMAIL, "wrong-password")).toBeNull();
  });

  it("replaces keys that no longer authenticate, revoking the old demo keys", async () => {
    const before = readDemoKeysFile(keysFile)!;
    const acme = before.tenants["acme-agents"]!;
    await db.apiKey.updateMany({
      where: { tenantId: acme.tenantId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const third = await seedDemoData(db, { keysFile });
    expect(third.keys).toBe("created");
    const after = readDemoKeysFile(keysFile)!;
    expect(after.operator).not.toBe(before.operator);
    expect(await authenticateApiKey(db, before.operator)).toBeNull();
    expect(await authenticateApiKey(db, before.tenants["globex-ai"]!.apiKey)).toBeNull();
    for (const entry of Object.values(after.tenants)) {
      expect(await authenticateApiKey(db, entry.apiKey)).toMatchObject({ tenantId: entry.tenantId });
    }
    // One live demo key per tenant plus the operator's, as after the first run.
    expect(await db.apiKey.count({ where: { revokedAt: null } })).toBe(4);
  });
});

describe("npm run seed without a demo asked for", () => {
  let plain: TestDatabase;
  let plainDb: Db;
  let output = "";

  beforeAll(async () => {
    plain = await createTestDatabase({ migrate: true });
    plainDb = createDbClient(plain.url, { maxConnections: 2 });
    const environment: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: plain.url };
    delete environment.TOLLGATE_DEMO;
    const script = fileURLToPath(new URL("../scripts/seed.ts", import.meta.url));
    // The real script, as `npm run seed` runs it.
    ({ stdout: output } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: environment,
    }));
  }, 120_000);

  afterAll(async () => {
    await plainDb.$disconnect();
    await plain.drop();
  });

  it("seeds the catalog and plans but no tenant, user, session or API key", async () => {
    expect(await plainDb.model.count()).toBeGreaterThanOrEqual(300);
    expect(await plainDb.planVersion.count()).toBe(3);
    expect(await plainDb.tenant.count()).toBe(0);
    expect(await plainDb.user.count()).toBe(0);
    expect(await plainDb.session.count()).toBe(0);
    expect(await plainDb.apiKey.count()).toBe(0);
    expect(await authenticateUser(plainDb, DEMO_OPERATOR_EMAIL, DEMO_PASSWORD)).toBeNull();
    expect(output).toContain("no demo tenants, users or keys");
    expect(output).not.toContain(DEMO_PASSWORD);
  });

  it("asks for a demo only with --demo or TOLLGATE_DEMO=true", () => {
    expect(demoRequested([], undefined)).toBe(false);
    expect(demoRequested([], "false")).toBe(false);
    expect(demoRequested([], "")).toBe(false);
    expect(demoRequested(["--demo"], undefined)).toBe(true);
    expect(demoRequested([], "true")).toBe(true);
    expect(() => demoRequested([], "yes")).toThrow(/TOLLGATE_DEMO/);
    // `npm run seed -- --demo` at the root reaches the script only if the root script ends in `--` (otherwise npm
    // takes --demo as its own option and the seed silently runs without the demo).
    const root = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(root.scripts.seed).toMatch(/ --$/);
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDbClient, type Db } from "@tollgate/db";
import { type Principal } from "@tollgate/use-cases/access";
import { createTenant } from "@tollgate/use-cases/tenants";
import { seedDemoData } from "@tollgate/use-cases/seed";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";

export interface BenchTenant {
  id: string;
  apiKey: string;
}

export interface BenchDatabase {
  url: string;
  tenants: BenchTenant[];
  drop(): Promise<void>;
}

const BENCH_OPERATOR: Principal = { kind: "operator_key", keyId: null, prefix: "bench" };

/**
 * A throw-away database with the real price catalog (the demo seed) and `tenantCount` tenants on the Enterprise
 * plan, each with its own ingest key: the same rating work as production, nothing pre-warmed.
 */
export async function createBenchDatabase(
  tenantCount: number,
  options: { hotTenantTiers?: boolean } = {},
): Promise<BenchDatabase> {
  const database: TestDatabase = await createTestDatabase();
  const db = createDbClient(database.url, { maxConnections: 2 });
  const keysDir = mkdtempSync(join(tmpdir(), "tollgate-bench-"));
  try {
    await seedDemoData(db, { keysFile: join(keysDir, "demo-keys.json") });
    const enterprise = await db.planVersion.findFirstOrThrow({
      where: { plan: { code: "enterprise" } },
      orderBy: { effectiveFrom: "desc" },
    });
    const hotPlanVersionId = options.hotTenantTiers ? await createTieredEnterprise(db, enterprise.id) : enterprise.id;
    const tenants: BenchTenant[] = [];
    for (let index = 0; index < tenantCount; index += 1) {
      const created = await createTenant(db, { name: `Bench tenant ${index.toString()}` }, BENCH_OPERATOR);
      await db.subscription.create({
        data: {
          tenantId: created.tenant.id,
          planVersionId: index === 0 ? hotPlanVersionId : enterprise.id,
          startsAt: enterprise.effectiveFrom,
        },
      });
      tenants.push({ id: created.tenant.id, apiKey: created.plaintext });
    }
    return { url: database.url, tenants, drop: () => database.drop() };
  } catch (error) {
    await database.drop();
    throw error;
  } finally {
    await db.$disconnect();
    rmSync(keysDir, { recursive: true, force: true });
  }
}

/**
 * Enterprise's rates plus a graduated volume tier on every model's output tokens: prices that depend on the
 * period so far, so each job holding the tenant's events locks its period counters.
 */
async function createTieredEnterprise(db: Db, enterpriseVersionId: string): Promise<string> {
  const enterprise = await db.planVersion.findUniqueOrThrow({ where: { id: enterpriseVersionId } });
  const plan = await db.plan.create({ data: { code: "bench-tiered", name: "Bench tiered" } });
  const version = await db.planVersion.create({
    data: {
      planId: plan.id,
      version: 1,
      status: "published",
      currency: enterprise.currency,
      effectiveFrom: enterprise.effectiveFrom,
      publishedAt: new Date(),
      pricing: {
        tiers: [
          {
            id: "output-volume",
            token_types: ["output"],
            schedule: {
              mode: "graduated",
              tiers: [
                { up_to: "100000000", price_per_million: "12" },
                { up_to: null, price_per_million: "9" },
              ],
            },
          },
        ],
      },
    },
  });
  await db.$executeRaw`
    INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
    SELECT ${version.id}::uuid, model_id, token_type, condition, price_per_million
      FROM plan_rates WHERE plan_version_id = ${enterpriseVersionId}::uuid`;
  return version.id;
}

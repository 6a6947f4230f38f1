import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDbClient, createTenant, type Principal } from "@tollgate/db";
import { seedDemoData } from "@tollgate/db/seed";
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

const BENCH_OPERATOR: Principal = {
  kind: "api_key",
  keyId: null,
  prefix: "bench",
  tenantId: null,
  scopes: ["admin"],
};

/**
 * A throw-away database with the real price catalog (the demo seed) and `tenantCount` tenants on the Enterprise
 * plan, each with its own ingest key: the same rating work as production, nothing pre-warmed.
 */
export async function createBenchDatabase(tenantCount: number): Promise<BenchDatabase> {
  const database: TestDatabase = await createTestDatabase();
  const db = createDbClient(database.url, { maxConnections: 2 });
  const keysDir = mkdtempSync(join(tmpdir(), "tollgate-bench-"));
  try {
    await seedDemoData(db, { keysFile: join(keysDir, "demo-keys.json") });
    const enterprise = await db.planVersion.findFirstOrThrow({
      where: { plan: { code: "enterprise" } },
      orderBy: { effectiveFrom: "desc" },
    });
    const tenants: BenchTenant[] = [];
    for (let index = 0; index < tenantCount; index += 1) {
      const created = await createTenant(db, { name: `Bench tenant ${index.toString()}` }, BENCH_OPERATOR);
      await db.subscription.create({
        data: { tenantId: created.tenant.id, planVersionId: enterprise.id, startsAt: enterprise.effectiveFrom },
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

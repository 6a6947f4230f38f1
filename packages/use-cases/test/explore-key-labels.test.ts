import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { exploreGroupLabels, prefetchKeyNames } from "@tollgate/use-cases/usage";

/**
 * The explorer labels API keys by name from names read alongside the cells (prefetchKeyNames) when the tenant has
 * up to 500 keys, and reads the shown keys' names after the cells otherwise: both paths must label alike.
 */

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

async function tenantWithKeys(slug: string, count: number): Promise<{ tenantId: string; keyIds: string[] }> {
  const tenantId = (await db.tenant.create({ data: { name: slug, slug } })).id;
  await db.apiKey.createMany({
    data: Array.from({ length: count }, (_, index) => ({
      tenantId,
      name: `${slug} key ${String(index)}`,
      prefix: `tg_${slug}${String(index)}`,
      secretHash: "x",
      scopes: [],
    })),
  });
  const keys = await db.apiKey.findMany({ where: { tenantId }, select: { id: true }, orderBy: { name: "asc" } });
  return { tenantId, keyIds: keys.map((key) => key.id) };
}

describe("explorer key labels", () => {
  it("labels keys the same from the prefetched names as from the shown keys' read", async () => {
    const { tenantId, keyIds } = await tenantWithKeys("few", 3);
    const other = await tenantWithKeys("other", 1);
    // '' (no key), an id no longer in the list and another tenant's key keep their ids or "(none)".
    const shown = [...keyIds, "", "00000000-0000-4000-8000-000000000001", ...other.keyIds];
    const prefetched = await prefetchKeyNames(db, tenantId, "api_key");
    expect(prefetched?.size).toBe(3);
    const fromPrefetch = await exploreGroupLabels(db, tenantId, "api_key", shown, prefetched);
    const fromRead = await exploreGroupLabels(db, tenantId, "api_key", shown, null);
    expect(fromPrefetch).toEqual(fromRead);
    expect(fromRead.get(keyIds[0] ?? "")).toBe("few key 0");
    expect(fromRead.get("")).toBe("(none)");
    expect(fromRead.has(other.keyIds[0] ?? "")).toBe(false);
  });

  it("reads only the shown keys' names when the tenant has more than 500 keys", async () => {
    const { tenantId, keyIds } = await tenantWithKeys("many", 501);
    expect(await prefetchKeyNames(db, tenantId, "api_key")).toBeNull();
    const labels = await exploreGroupLabels(db, tenantId, "api_key", keyIds.slice(0, 2), null);
    expect([...labels.values()].sort()).toEqual(["(none)", "many key 0", "many key 1"]);
  });

  it("prefetches nothing for other groupings", async () => {
    const { tenantId } = await tenantWithKeys("model", 1);
    expect(await prefetchKeyNames(db, tenantId, "model")).toBeNull();
  });
});

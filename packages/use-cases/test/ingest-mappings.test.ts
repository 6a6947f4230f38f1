import { AppError } from "@tollgate/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import {
  createIngestMappingLookup,
  deleteIngestMapping,
  listIngestMappings,
  putIngestMapping,
} from "@tollgate/use-cases/ingest-mappings";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";

let database: TestDatabase;
let db: Db;
let tenantA = "";
let tenantB = "";

const lagoConfig = { model: { property: "model" }, tokens: { input: "input_tokens" } };

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  tenantA = (await db.tenant.create({ data: { name: "A", slug: "a" } })).id;
  tenantB = (await db.tenant.create({ data: { name: "B", slug: "b" } })).id;
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("ingest mappings", () => {
  it("creates, replaces and lists a tenant's mappings, each tenant seeing only its own", async () => {
    await putIngestMapping(db, { tenantId: tenantA, source: "lago", key: "llm", config: lagoConfig });
    const replaced = await putIngestMapping(db, {
      tenantId: tenantA,
      source: "lago",
      key: "llm",
      config: { ...lagoConfig, tokens: { output: "out" } },
    });
    await putIngestMapping(db, {
      tenantId: tenantA,
      source: "stripe",
      key: "llm_input",
      config: { model: { value: "m" }, token_type: "input" },
    });
    await putIngestMapping(db, { tenantId: tenantB, source: "lago", key: "other", config: lagoConfig });

    const mine = await listIngestMappings(db, tenantA);
    expect(mine.map((mapping) => [mapping.source, mapping.key])).toEqual([
      ["lago", "llm"],
      ["stripe", "llm_input"],
    ]);
    expect(mine[0]?.id).toBe(replaced.id);
    expect(mine[0]?.config).toEqual({ ...lagoConfig, tokens: { output: "out" } });
    expect(mine[1]?.config).toMatchObject({ value_key: "value", customer_key: "stripe_customer_id" });
    expect((await listIngestMappings(db, tenantB, "lago")).map((mapping) => mapping.key)).toEqual(["other"]);
  });

  it("refuses an invalid config or key with bad_request and stores nothing", async () => {
    const attempt = (key: string, config: unknown) =>
      putIngestMapping(db, { tenantId: tenantB, source: "stripe", key, config }).catch((error: unknown) => error);
    const badConfig = await attempt("x", { model: { value: "m" }, token_type: "tokens" });
    expect(badConfig).toBeInstanceOf(AppError);
    expect(badConfig).toMatchObject({ code: "bad_request", message: expect.stringContaining("token_type") });
    expect(await attempt("", { model: { value: "m" }, token_type: "input" })).toMatchObject({ code: "bad_request" });
    expect(await listIngestMappings(db, tenantB, "stripe")).toEqual([]);
  });

  it("deletes only the tenant's own mapping", async () => {
    const [theirs] = await listIngestMappings(db, tenantB, "lago");
    if (!theirs) throw new Error("tenant B has a mapping");
    await expect(deleteIngestMapping(db, tenantA, theirs.id)).rejects.toMatchObject({ code: "not_found" });
    await deleteIngestMapping(db, tenantB, theirs.id);
    expect(await listIngestMappings(db, tenantB, "lago")).toEqual([]);
  });

  it("serves lookups from its cache until the TTL, per tenant and source", async () => {
    const cached = createIngestMappingLookup(db, { ttlMs: 60_000 });
    const uncached = createIngestMappingLookup(db, { ttlMs: 0 });
    expect([...(await cached(tenantA, "lago")).keys()]).toEqual(["llm"]);
    expect([...(await cached(tenantB, "lago")).keys()]).toEqual([]);
    await putIngestMapping(db, { tenantId: tenantA, source: "lago", key: "llm2", config: lagoConfig });
    expect([...(await cached(tenantA, "lago")).keys()]).toEqual(["llm"]);
    expect([...(await uncached(tenantA, "lago")).keys()]).toEqual(["llm", "llm2"]);
    expect([...(await cached(tenantA, "stripe")).keys()]).toEqual(["llm_input"]);
  });
});

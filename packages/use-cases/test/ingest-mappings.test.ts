import { randomUUID } from "node:crypto";
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
import { listAuditLog } from "@tollgate/use-cases/audit";

let database: TestDatabase;
let db: Db;
let tenantA = "";
let tenantB = "";

const OPS = { actor: { kind: "operator_key", keyId: null, prefix: "tg_ops" } } as const;
/** A tenant's own admin: it may not change ingest mappings (operators only). */
const TENANT_ADMIN = (tenantId: string) =>
  ({
    actor: { kind: "user", userId: randomUUID(), email: "admin@c.example", role: "tenant_admin", tenantId },
  }) as const;
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
    await putIngestMapping(db, { tenantId: tenantA, source: "lago", key: "llm", config: lagoConfig }, OPS);
    const replaced = await putIngestMapping(
      db,
      {
        tenantId: tenantA,
        source: "lago",
        key: "llm",
        config: { ...lagoConfig, tokens: { output: "out" } },
      },
      OPS,
    );
    await putIngestMapping(
      db,
      {
        tenantId: tenantA,
        source: "stripe",
        key: "llm_input",
        config: { model: { value: "m" }, token_type: "input" },
      },
      OPS,
    );
    await putIngestMapping(db, { tenantId: tenantB, source: "lago", key: "other", config: lagoConfig }, OPS);

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
      putIngestMapping(db, { tenantId: tenantB, source: "stripe", key, config }, OPS).catch((error: unknown) => error);
    const badConfig = await attempt("x", { model: { value: "m" }, token_type: "tokens" });
    expect(badConfig).toBeInstanceOf(AppError);
    expect(badConfig).toMatchObject({ code: "bad_request", message: expect.stringContaining("token_type") });
    expect(await attempt("", { model: { value: "m" }, token_type: "input" })).toMatchObject({ code: "bad_request" });
    expect(await listIngestMappings(db, tenantB, "stripe")).toEqual([]);
  });

  it("deletes only the tenant's own mapping", async () => {
    const [theirs] = await listIngestMappings(db, tenantB, "lago");
    if (!theirs) throw new Error("tenant B has a mapping");
    await expect(deleteIngestMapping(db, tenantA, theirs.id, OPS)).rejects.toMatchObject({ code: "not_found" });
    await deleteIngestMapping(db, tenantB, theirs.id, OPS);
    expect(await listIngestMappings(db, tenantB, "lago")).toEqual([]);
  });

  it("serves lookups from its cache until the TTL, per tenant and source", async () => {
    const cached = createIngestMappingLookup(db, { ttlMs: 60_000 });
    const uncached = createIngestMappingLookup(db, { ttlMs: 0 });
    expect([...(await cached(tenantA, "lago")).keys()]).toEqual(["llm"]);
    expect([...(await cached(tenantB, "lago")).keys()]).toEqual([]);
    await putIngestMapping(db, { tenantId: tenantA, source: "lago", key: "llm2", config: lagoConfig }, OPS);
    expect([...(await cached(tenantA, "lago")).keys()]).toEqual(["llm"]);
    expect([...(await uncached(tenantA, "lago")).keys()]).toEqual(["llm", "llm2"]);
    expect([...(await cached(tenantA, "stripe")).keys()]).toEqual(["llm_input"]);
  });
});

describe("ingest mapping changes in the audit log", () => {
  let tenantC = "";
  const stripeConfig = { model: { value: "m" }, token_type: "input" };
  const entries = async () =>
    (await listAuditLog(db, { tenantId: tenantC, targetType: "ingest_mapping" }, { before: null, limit: 50 })).entries
      .reverse()
      .map(({ actor, action, targetId, reason, before, after }) => ({
        actor,
        action,
        targetId,
        reason,
        before,
        after,
      }));

  beforeAll(async () => {
    tenantC = (await db.tenant.create({ data: { name: "C", slug: "c" } })).id;
  });

  it("writes one entry per create, replace and delete, with the mapping before and after", async () => {
    const created = await putIngestMapping(
      db,
      { tenantId: tenantC, source: "stripe", key: "llm", config: stripeConfig },
      {
        ...OPS,
        reason: "new Stripe meter",
      },
    );
    const stored = { source: "stripe", key: "llm", config: created.config };
    expect(created.config).toMatchObject({ value_key: "value", customer_key: "stripe_customer_id" });
    const replaced = await putIngestMapping(
      db,
      { tenantId: tenantC, source: "stripe", key: "llm", config: { ...stripeConfig, token_type: "output" } },
      OPS,
    );
    const after = { source: "stripe", key: "llm", config: replaced.config };
    await deleteIngestMapping(db, tenantC, created.id, { ...OPS, reason: "meter retired" });
    expect(await entries()).toEqual([
      {
        actor: "api_key:tg_ops",
        action: "ingest_mapping.create",
        targetId: created.id,
        reason: "new Stripe meter",
        before: null,
        after: stored,
      },
      {
        actor: "api_key:tg_ops",
        action: "ingest_mapping.update",
        targetId: created.id,
        reason: "",
        before: stored,
        after,
      },
      {
        actor: "api_key:tg_ops",
        action: "ingest_mapping.delete",
        targetId: created.id,
        reason: "meter retired",
        before: after,
        after: null,
      },
    ]);
  });

  it("writes nothing for a put that changes nothing, or a refused or failed change", async () => {
    const mapping = await putIngestMapping(
      db,
      { tenantId: tenantC, source: "lago", key: "llm", config: lagoConfig },
      OPS,
    );
    const written = (await entries()).length;
    // The same config again, keys in another order (jsonb reorders them): nothing changes.
    await putIngestMapping(
      db,
      { tenantId: tenantC, source: "lago", key: "llm", config: { tokens: lagoConfig.tokens, model: lagoConfig.model } },
      OPS,
    );
    const attempts = [
      putIngestMapping(db, { tenantId: tenantC, source: "lago", key: "llm", config: { model: {} } }, OPS),
      putIngestMapping(db, { tenantId: tenantC, source: "lago", key: "", config: lagoConfig }, OPS),
      putIngestMapping(db, { tenantId: randomUUID(), source: "lago", key: "llm", config: lagoConfig }, OPS),
      putIngestMapping(
        db,
        { tenantId: tenantC, source: "lago", key: "llm", config: lagoConfig },
        TENANT_ADMIN(tenantC),
      ),
      deleteIngestMapping(db, tenantC, randomUUID(), OPS),
      deleteIngestMapping(db, tenantA, mapping.id, OPS),
      deleteIngestMapping(db, tenantC, mapping.id, TENANT_ADMIN(tenantC)),
    ];
    const codes = (await Promise.allSettled(attempts)).map((result) =>
      result.status === "rejected" ? (result.reason as AppError).code : "fulfilled",
    );
    expect(codes).toEqual([
      "bad_request",
      "bad_request",
      "not_found",
      "forbidden",
      "not_found",
      "not_found",
      "forbidden",
    ]);
    expect(await entries()).toHaveLength(written);
    expect(await listIngestMappings(db, tenantC, "lago")).toMatchObject([{ id: mapping.id, config: lagoConfig }]);
  });
});

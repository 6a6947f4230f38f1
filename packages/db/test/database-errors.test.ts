import { randomUUID } from "node:crypto";
import { createDbClient, translateDatabaseError, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  await db.tenant.create({ data: { name: "Taken", slug: "taken" } });
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

/** The error a real database call throws. */
async function thrownBy(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("translateDatabaseError over real Prisma 7 + adapter-pg errors", () => {
  it("a unique violation (P2002 / 23505) is a 409 conflict, in and outside a transaction", async () => {
    const plain = await thrownBy(() => db.tenant.create({ data: { name: "x", slug: "taken" } }));
    const inTx = await thrownBy(() =>
      db.$transaction((tx) => tx.tenant.create({ data: { name: "x", slug: "taken" } })),
    );
    for (const error of [plain, inTx]) expect(translateDatabaseError(error)).toMatchObject({ code: "conflict" });
  });

  it.each([
    ["NUL in a text column (22021)", () => db.tenant.create({ data: { name: "a\u0000b", slug: randomUUID() } })],
    [
      "NUL in a jsonb document (22P05)",
      () =>
        db.auditLog.create({
          data: { actor: "t", action: "t", targetType: "t", targetId: "t", after: { a: "\u0000" } },
        }),
    ],
    ["an id that is not a uuid (22P02)", () => db.tenant.findMany({ where: { id: "not-a-uuid" } })],
    ["a raw query with NUL (22021)", () => db.$queryRaw`SELECT ${"a\u0000"}::text`],
    ["a raw numeric that does not parse (22P02)", () => db.$queryRaw`SELECT ${"1,5"}::numeric`],
  ])("%s is a 400 bad_request naming the problem", async (_what, action) => {
    const translated = translateDatabaseError(await thrownBy(action));
    expect(translated).toMatchObject({ code: "bad_request" });
    expect(translated?.message).toMatch(/^a value cannot be stored: /);
    expect(translated?.message).not.toContain("invocation");
  });

  it("pg's own DatabaseError (bulk COPY paths) is recognized by its SQLSTATE", async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const unique = await thrownBy(() =>
        client.query("INSERT INTO tenants (id, slug, name) VALUES ($1, 'taken', 'x')", [randomUUID()]),
      );
      expect(translateDatabaseError(unique)).toMatchObject({ code: "conflict" });
      const syntax = await thrownBy(() => client.query("SELECT $1::uuid", ["nope"]));
      expect(translateDatabaseError(syntax)?.message).toContain("invalid input syntax for type uuid");
    } finally {
      await client.end();
    }
  });

  it("anything else is left alone (a 500, logged)", async () => {
    const missingTable = await thrownBy(() => db.$queryRawUnsafe("SELECT * FROM no_such_table"));
    expect(translateDatabaseError(missingTable)).toBeUndefined();
    expect(translateDatabaseError(new Error("boom"))).toBeUndefined();
    expect(translateDatabaseError(undefined)).toBeUndefined();
    expect(translateDatabaseError({ code: 42 })).toBeUndefined();
  });
});

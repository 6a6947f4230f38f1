import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { toTrpcError } from "../src/error-mapping.ts";

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

async function thrownBy(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

it("maps a real unique violation to CONFLICT and unstorable text to BAD_REQUEST, like REST", async () => {
  const duplicate = toTrpcError(await thrownBy(() => db.tenant.create({ data: { name: "x", slug: "taken" } })));
  expect(duplicate).toBeInstanceOf(TRPCError);
  expect(duplicate).toMatchObject({ code: "CONFLICT" });
  const nul = toTrpcError(await thrownBy(() => db.tenant.create({ data: { name: "a\u0000", slug: "nul" } })));
  expect(nul).toMatchObject({ code: "BAD_REQUEST" });
  const other = new Error("boom");
  expect(toTrpcError(other)).toBe(other);
});

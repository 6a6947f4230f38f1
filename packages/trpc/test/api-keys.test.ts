import { DEFAULT_INVOICE_ISSUER } from "@tollgate/use-cases/invoices";
import { createDbClient, type Db } from "@tollgate/db";
import { type Principal } from "@tollgate/use-cases/access";
import { createUser } from "@tollgate/use-cases/accounts";
import { authenticateApiKey } from "@tollgate/use-cases/api-keys";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createCallerFactory } from "../src/index.ts";

const createCaller = createCallerFactory(appRouter);
let database: TestDatabase;
let db: Db;
const tenants = { a: "", b: "" };
const users = {} as Record<"operator" | "adminA" | "viewerA" | "adminB", Principal>;
const announced: string[] = [];

function caller(principal: Principal) {
  return createCaller({
    db,
    principal,
    invoiceIssuer: DEFAULT_INVOICE_ISSUER,
    announceKeyRevocation: (keyId) => {
      announced.push(keyId);
      return Promise.resolve();
    },
    session: { token: null, set: () => undefined, clear: () => undefined },
    // No login here: throttling is tested in apps/api/test/login-throttle.test.ts.
    loginThrottle: { attempt: () => Promise.resolve(), succeeded: () => Promise.resolve() },
  });
}

async function trpcCode(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  tenants.a = (await db.tenant.create({ data: { name: "A", slug: "a" } })).id;
  tenants.b = (await db.tenant.create({ data: { name: "B", slug: "b" } })).id;
  const mk = async (
    email: string,
    role: "operator" | "tenant_admin" | "tenant_viewer",
    tenantId: string | null,
  ): Promise<Principal> => {
    const user = await createUser(db, { email, name: email, password: "password-1", role, tenantId });
    return { kind: "user", userId: user.id, email, role, tenantId };
  };
  users.operator = await mk("op@x.example", "operator", null);
  users.adminA = await mk("admin@a.example", "tenant_admin", tenants.a);
  users.viewerA = await mk("viewer@a.example", "tenant_viewer", tenants.a);
  users.adminB = await mk("admin@b.example", "tenant_admin", tenants.b);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("apiKeys procedures", () => {
  it("a tenant admin creates, lists, rotates and revokes its own tenant's keys", async () => {
    const admin = caller(users.adminA);
    const issued = await admin.apiKeys.create({ name: "console", scopes: ["read"] });
    expect(issued.apiKey).toMatchObject({ name: "console", scopes: ["read"], revokedAt: null });
    expect(await authenticateApiKey(db, issued.secret)).toMatchObject({ tenantId: tenants.a });

    const listed = await admin.apiKeys.list({});
    expect(listed.map((key) => key.id)).toContain(issued.apiKey.id);
    expect(JSON.stringify(listed)).not.toContain(issued.secret.slice(issued.apiKey.prefix.length + 1));

    const rotated = await admin.apiKeys.rotate({ keyId: issued.apiKey.id });
    expect(rotated.previous.revokedAt).not.toBeNull();
    expect(announced).toContain(issued.apiKey.id);
    expect(await authenticateApiKey(db, issued.secret)).toBeNull();

    const revoked = await admin.apiKeys.revoke({ keyId: rotated.apiKey.id });
    expect(revoked.revokedAt).not.toBeNull();
    expect(announced).toContain(rotated.apiKey.id);
    expect(await authenticateApiKey(db, rotated.secret)).toBeNull();
  });

  it("a tenant viewer may only list", async () => {
    const viewer = caller(users.viewerA);
    expect(Array.isArray(await viewer.apiKeys.list({}))).toBe(true);
    expect(await trpcCode(viewer.apiKeys.create({ name: "x", scopes: ["read"] }))).toBe("FORBIDDEN");
    const key = await caller(users.adminA).apiKeys.create({ name: "victim", scopes: ["read"] });
    expect(await trpcCode(viewer.apiKeys.revoke({ keyId: key.apiKey.id }))).toBe("FORBIDDEN");
    expect(await trpcCode(viewer.apiKeys.rotate({ keyId: key.apiKey.id }))).toBe("FORBIDDEN");
    expect(await authenticateApiKey(db, key.secret)).not.toBeNull();
  });

  it("tenant users never reach another tenant's keys; operators name the tenant", async () => {
    const keyB = await caller(users.operator).apiKeys.create({ tenantId: tenants.b, name: "b", scopes: ["ingest"] });
    expect(await trpcCode(caller(users.operator).apiKeys.list({}))).toBe("BAD_REQUEST");
    const admin = caller(users.adminA);
    expect(await trpcCode(admin.apiKeys.list({ tenantId: tenants.b }))).toBe("FORBIDDEN");
    expect(await trpcCode(admin.apiKeys.create({ tenantId: tenants.b, name: "x", scopes: ["read"] }))).toBe(
      "FORBIDDEN",
    );
    // Tenant B's key id, asked for within tenant A: not found, and untouched.
    expect(await trpcCode(admin.apiKeys.revoke({ keyId: keyB.apiKey.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(admin.apiKeys.rotate({ keyId: keyB.apiKey.id }))).toBe("NOT_FOUND");
    expect(await authenticateApiKey(db, keyB.secret)).not.toBeNull();
    expect((await caller(users.adminA).apiKeys.list({})).map((key) => key.id)).not.toContain(keyB.apiKey.id);
    expect((await caller(users.adminB).apiKeys.list({})).map((key) => key.id)).toContain(keyB.apiKey.id);
  });

  it("refuse an admin scope and a past expiry", async () => {
    const admin = caller(users.adminA);
    const before = (await admin.apiKeys.list({})).length;
    // Refused by the input schema. Its code (BAD_REQUEST once input errors are mapped) is the error formatting's concern.
    await expect(admin.apiKeys.create({ name: "x", scopes: ["admin" as "read"] })).rejects.toBeInstanceOf(TRPCError);
    const past = { name: "x", scopes: ["read" as const], expiresAt: "2020-01-01T00:00:00Z" };
    expect(await trpcCode(admin.apiKeys.create(past))).toBe("BAD_REQUEST");
    expect(await admin.apiKeys.list({})).toHaveLength(before);
  });
});

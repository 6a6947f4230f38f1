import { AppError } from "@tollgate/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import {
  authenticateApiKey,
  createTenantApiKey,
  listTenantApiKeys,
  revokeTenantApiKey,
  rotateTenantApiKey,
} from "@tollgate/use-cases/api-keys";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";

let database: TestDatabase;
let db: Db;
let tenantA = "";
let tenantB = "";
const actor = "user:test";
const announced: string[] = [];
const announce = (keyId: string) => {
  announced.push(keyId);
  return Promise.resolve();
};

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

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const auditOf = (targetId: string) =>
  db.auditLog.findMany({ where: { targetType: "api_key", targetId }, orderBy: { id: "asc" } });

describe("tenant API key use cases", () => {
  it("create a key with scopes and expiry, returning its secret once, audited", async () => {
    const expiresAt = new Date(Date.now() + 3_600_000);
    const { apiKey, secret } = await createTenantApiKey(db, {
      tenantId: tenantA,
      name: " ci ",
      scopes: ["read", "ingest"],
      expiresAt,
      actor,
    });
    expect(apiKey).toMatchObject({ tenantId: tenantA, name: "ci", scopes: ["read", "ingest"], expiresAt });
    expect(await authenticateApiKey(db, secret)).toMatchObject({ keyId: apiKey.id, tenantId: tenantA });
    expect(await auditOf(apiKey.id)).toMatchObject([{ action: "api_key.create", actor, tenantId: tenantA }]);
    const snapshots = (await auditOf(apiKey.id)).map((entry) => [entry.before, entry.after]);
    expect(JSON.stringify(snapshots)).not.toContain(secret.slice(apiKey.prefix.length + 1));
  });

  it("refuse admin scope, no scope, a past expiry and an unknown tenant", async () => {
    const base = { tenantId: tenantA, name: "x", actor };
    expect((await rejection(createTenantApiKey(db, { ...base, scopes: ["admin" as "read"] }))).code).toBe(
      "bad_request",
    );
    expect((await rejection(createTenantApiKey(db, { ...base, scopes: [] }))).code).toBe("bad_request");
    const past = { ...base, scopes: ["read" as const], expiresAt: new Date(Date.now() - 1) };
    expect((await rejection(createTenantApiKey(db, past))).code).toBe("bad_request");
    const unknownTenant = { ...base, tenantId: "00000000-0000-4000-8000-000000000000", scopes: ["read" as const] };
    expect((await rejection(createTenantApiKey(db, unknownTenant))).code).toBe("not_found");
  });

  it("list the tenant's keys only, with prefix and dates, never a hash", async () => {
    await createTenantApiKey(db, { tenantId: tenantB, name: "b-only", scopes: ["read"], actor });
    const keys = await listTenantApiKeys(db, tenantA);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.tenantId === tenantA)).toBe(true);
    expect(Object.keys(keys[0] ?? {}).sort()).toEqual(
      ["createdAt", "expiresAt", "id", "lastUsedAt", "name", "prefix", "revokedAt", "scopes", "tenantId"].sort(),
    );
  });

  it("revoke idempotently, announcing the revocation, auditing it once; another tenant's key is not found", async () => {
    const { apiKey, secret } = await createTenantApiKey(db, {
      tenantId: tenantA,
      name: "r",
      scopes: ["ingest"],
      actor,
    });
    const other = await rejection(revokeTenantApiKey(db, { tenantId: tenantB, keyId: apiKey.id, actor, announce }));
    expect(other.code).toBe("not_found");
    expect(announced).not.toContain(apiKey.id);

    const first = await revokeTenantApiKey(db, { tenantId: tenantA, keyId: apiKey.id, actor, announce });
    const second = await revokeTenantApiKey(db, { tenantId: tenantA, keyId: apiKey.id, actor, announce });
    expect(first.revokedAt).not.toBeNull();
    expect(second.revokedAt).toEqual(first.revokedAt);
    expect(announced.filter((id) => id === apiKey.id)).toHaveLength(2);
    expect(await authenticateApiKey(db, secret)).toBeNull();
    expect((await auditOf(apiKey.id)).map((entry) => entry.action)).toEqual(["api_key.create", "api_key.revoke"]);
  });

  it("rotate: a new key with the same name, scopes and expiry; the old one revoked at once", async () => {
    const expiresAt = new Date(Date.now() + 3_600_000);
    const old = await createTenantApiKey(db, {
      tenantId: tenantA,
      name: "rot",
      scopes: ["ingest", "read"],
      expiresAt,
      actor,
    });
    const rotated = await rotateTenantApiKey(db, { tenantId: tenantA, keyId: old.apiKey.id, actor, announce });
    expect(rotated.apiKey).toMatchObject({ name: "rot", scopes: ["ingest", "read"], expiresAt, revokedAt: null });
    expect(rotated.apiKey.id).not.toBe(old.apiKey.id);
    expect(rotated.previous.revokedAt).not.toBeNull();
    expect(announced).toContain(old.apiKey.id);
    expect(await authenticateApiKey(db, old.secret)).toBeNull();
    expect(await authenticateApiKey(db, rotated.secret)).toMatchObject({ keyId: rotated.apiKey.id });
    expect((await auditOf(old.apiKey.id)).map((entry) => entry.action)).toEqual(["api_key.create", "api_key.rotate"]);

    const again = await rejection(rotateTenantApiKey(db, { tenantId: tenantA, keyId: old.apiKey.id, actor, announce }));
    expect(again.code).toBe("conflict");
    const other = await rejection(
      rotateTenantApiKey(db, { tenantId: tenantB, keyId: rotated.apiKey.id, actor, announce }),
    );
    expect(other.code).toBe("not_found");
  });

  it("rotate with a grace period: the old key keeps working until it expires", async () => {
    const old = await createTenantApiKey(db, { tenantId: tenantA, name: "grace", scopes: ["ingest"], actor });
    const now = new Date();
    const rotated = await rotateTenantApiKey(
      db,
      { tenantId: tenantA, keyId: old.apiKey.id, actor, announce, gracePeriodSeconds: 60 },
      now,
    );
    expect(rotated.previous).toMatchObject({ revokedAt: null, expiresAt: new Date(now.getTime() + 60_000) });
    expect(rotated.apiKey.expiresAt).toBeNull();
    expect(await authenticateApiKey(db, old.secret)).toMatchObject({ keyId: old.apiKey.id });
    expect(await authenticateApiKey(db, rotated.secret)).toMatchObject({ keyId: rotated.apiKey.id });
  });
});

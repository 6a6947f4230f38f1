import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import {
  authenticateUser,
  createSession,
  createUser,
  hashPassword,
  resolveSession,
  sha256Hex,
  verifyPassword,
} from "@tollgate/use-cases/accounts";
import {
  authenticateApiKey,
  createApiKey,
  createApiKeyAuthenticator,
  generateApiKey,
  parseApiKey,
  revokeApiKey,
} from "@tollgate/use-cases/api-keys";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";

let database: TestDatabase;
let db: Db;
let tenantId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  tenantId = (await db.tenant.create({ data: { name: "Creds", slug: "creds" } })).id;
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("API keys", () => {
  it("are tg_<16 hex>_<43 base64url>; only the SHA-256 of the secret is stored", async () => {
    const { apiKey, plaintext } = await createApiKey(db, { tenantId, name: "k", scopes: ["ingest"] });
    expect(plaintext).toMatch(/^tg_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const secret = plaintext.slice(apiKey.prefix.length + 1);
    expect(apiKey.secretHash).toBe(sha256Hex(secret));
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it("authenticate only with the exact secret, and never once revoked", async () => {
    const { apiKey, plaintext } = await createApiKey(db, { tenantId, name: "k2", scopes: ["ingest", "read"] });
    expect(await authenticateApiKey(db, plaintext)).toMatchObject({
      kind: "api_key",
      tenantId,
      scopes: ["ingest", "read"],
    });
    const tampered = plaintext.slice(0, -1) + (plaintext.endsWith("A") ? "B" : "A");
    expect(await authenticateApiKey(db, tampered)).toBeNull();
    expect(await authenticateApiKey(db, "not-a-key")).toBeNull();
    await revokeApiKey(db, apiKey.id);
    expect(await authenticateApiKey(db, plaintext)).toBeNull();
  });

  it("are either a tenant's (never admin) or an operator's (no tenant, admin), nothing in between", async () => {
    const { apiKey, plaintext } = await createApiKey(db, { tenantId: null, name: "ops", scopes: ["admin"] });
    expect(await authenticateApiKey(db, plaintext)).toEqual({
      kind: "operator_key",
      keyId: apiKey.id,
      prefix: apiKey.prefix,
    });
    for (const scopes of [["admin"], ["admin", "read"], ["ingest", "read", "admin"]] as const) {
      await expect(createApiKey(db, { tenantId, name: "bad", scopes: [...scopes] })).rejects.toMatchObject({
        code: "bad_request",
      });
    }
    for (const scopes of [[], ["read"], ["ingest", "read"]] as const) {
      await expect(createApiKey(db, { tenantId: null, name: "bad", scopes: [...scopes] })).rejects.toMatchObject({
        code: "bad_request",
      });
    }
    expect(await db.apiKey.count({ where: { name: "bad" } })).toBe(0);
  });

  it("parse strictly", () => {
    const key = generateApiKey();
    expect(parseApiKey(key.plaintext)).toEqual({ prefix: key.prefix, secretHash: key.secretHash });
    expect(parseApiKey(`${key.plaintext}x`)).toBeNull();
    expect(parseApiKey(` ${key.plaintext}`)).toBeNull();
  });

  it("are cached for the TTL, so a revocation takes effect within it", async () => {
    const { apiKey, plaintext } = await createApiKey(db, { tenantId, name: "cached", scopes: ["ingest"] });
    const authenticate = createApiKeyAuthenticator(db, { ttlMs: 300 });
    expect(await authenticate(plaintext)).not.toBeNull();
    await revokeApiKey(db, apiKey.id);
    expect(await authenticate(plaintext)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await authenticate(plaintext)).toBeNull();
  });

  it("accept TOLLGATE_OPERATOR_API_KEY as an operator key", async () => {
    const authenticate = createApiKeyAuthenticator(db, { operatorKey: "operator-key-for-tests-0123456789" });
    expect(await authenticate("operator-key-for-tests-0123456789")).toEqual({
      kind: "operator_key",
      keyId: null,
      prefix: "env-operator",
    });
    expect(await authenticate("operator-key-for-tests-012345678")).toBeNull();
  });
});

describe("passwords and sessions", () => {
  it("hash with argon2id and verify only the right password", async () => {
    const hash = await hashPassword("s3cret-pass");
    expect(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    expect(await verifyPassword(hash, "s3cret-pass")).toBe(true);
    expect(await verifyPassword(hash, "s3cret-pasS")).toBe(false);
    expect(await verifyPassword("garbage", "s3cret-pass")).toBe(false);
  });

  it("log a user in by case-insensitive email and resolve the session", async () => {
    const user = await createUser(db, {
      email: "Viewer@Creds.Example",
      name: "V",
      password: "pw-123456",
      role: "tenant_viewer",
      tenantId,
    });
    expect(user.email).toBe("viewer@creds.example");
    expect(await authenticateUser(db, "VIEWER@creds.example", "pw-123456")).toMatchObject({ id: user.id });
    expect(await authenticateUser(db, "viewer@creds.example", "wrong")).toBeNull();
    expect(await authenticateUser(db, "nobody@creds.example", "pw-123456")).toBeNull();

    const token = await createSession(db, user.id);
    expect(await resolveSession(db, token)).toMatchObject({
      kind: "user",
      userId: user.id,
      tenantId,
      role: "tenant_viewer",
    });
    expect(await db.session.count({ where: { id: token } })).toBe(0);
    expect(await resolveSession(db, token, new Date(Date.now() + 8 * 24 * 3600 * 1000))).toBeNull();
  });
});

import { createSession, createUser } from "@tollgate/use-cases/accounts";
import { revokeTenantApiKey } from "@tollgate/use-cases/api-keys";
import { publishApiKeyRevocation } from "@tollgate/queues";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import type { apiKeyBody, apiKeysResponse, issuedApiKeyResponse, rotatedApiKeyResponse } from "@tollgate/trpc";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

type KeyBody = z.infer<typeof apiKeyBody>;
type Issued = z.infer<typeof issuedApiKeyResponse>;

let testApp: ApiTestApp;
let keys: TenantKeys;
const USAGE = "/v1/usage/summary?from=2026-05-01T00:00:00Z&to=2026-05-02T00:00:00Z";
const path = (tenantId: string, suffix = "") => `/v1/admin/tenants/${tenantId}/api-keys${suffix}`;

/** Whether the api accepts `key` now (a read request). */
async function readStatus(key: string): Promise<number> {
  return (await call(testApp.app, "GET", USAGE, key)).status;
}

async function issue(tenantId: string, body: object = { name: "ci", scopes: ["ingest", "read"] }): Promise<Issued> {
  const created = await call<Issued>(testApp.app, "POST", path(tenantId), OPERATOR_KEY, body);
  expect(created.status).toBe(201);
  return created.body;
}

beforeAll(async () => {
  // A 10-minute key cache: only an eviction can explain a key refused within a test.
  testApp = await startApiTestApp({ keyCacheTtlMs: 600_000 });
  keys = await createTenantKeys(testApp.db);
});

afterAll(async () => {
  await testApp.close();
});

describe("tenant API keys over REST", () => {
  it("create returns the secret once; list shows prefix, scopes and dates, never a secret or hash", async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const issued = await issue(keys.tenantA, { name: "ci", scopes: ["read"], expires_at: expiresAt });
    expect(issued.api_key).toMatchObject({ tenant_id: keys.tenantA, name: "ci", scopes: ["read"] });
    expect(issued.api_key.expires_at).toBe(expiresAt);
    expect(issued.secret.startsWith(`${issued.api_key.prefix}_`)).toBe(true);
    expect(await readStatus(issued.secret)).toBe(200);

    const listed = await call<z.infer<typeof apiKeysResponse>>(testApp.app, "GET", path(keys.tenantA), OPERATOR_KEY);
    expect(listed.status).toBe(200);
    const mine = listed.body.api_keys.find((key) => key.id === issued.api_key.id);
    expect(mine).toMatchObject({ prefix: issued.api_key.prefix, revoked_at: null });
    expect(listed.body.api_keys.every((key) => key.tenant_id === keys.tenantA)).toBe(true);
    const text = JSON.stringify(listed.body);
    expect(text).not.toContain(issued.secret.slice(issued.api_key.prefix.length + 1));
    expect(text).not.toContain("hash");
  });

  it("refuse bad bodies, non-operator keys and unknown tenants", async () => {
    const bad = [
      { name: "x", scopes: ["admin"] },
      { name: "x", scopes: [] },
      { name: "", scopes: ["read"] },
      { name: "x", scopes: ["read"], expires_at: "2020-01-01T00:00:00Z" },
      { name: "x", scopes: ["read"], extra: 1 },
    ];
    for (const body of bad) {
      expect((await call(testApp.app, "POST", path(keys.tenantA), OPERATOR_KEY, body)).status).toBe(400);
    }
    expect((await call(testApp.app, "GET", path(keys.tenantA), keys.keyA)).status).toBe(403);
    expect((await call(testApp.app, "GET", path(keys.tenantA), null)).status).toBe(401);
    expect((await call(testApp.app, "GET", path("00000000-0000-4000-8000-000000000000"), OPERATOR_KEY)).status).toBe(
      404,
    );
  });

  it("a key of another tenant under a tenant's path is not found, and stays untouched", async () => {
    const issued = await issue(keys.tenantA);
    const wrongPath = path(keys.tenantB, `/${issued.api_key.id}`);
    expect((await call(testApp.app, "DELETE", wrongPath, OPERATOR_KEY)).status).toBe(404);
    expect((await call(testApp.app, "POST", `${wrongPath}/rotate`, OPERATOR_KEY, {})).status).toBe(404);
    expect(await readStatus(issued.secret)).toBe(200);
  });

  it("revoke: the key is refused at once despite the long cache; revoking again is harmless", async () => {
    const issued = await issue(keys.tenantA);
    expect(await readStatus(issued.secret)).toBe(200);
    const revoked = await call<KeyBody>(
      testApp.app,
      "DELETE",
      path(keys.tenantA, `/${issued.api_key.id}`),
      OPERATOR_KEY,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).not.toBeNull();
    expect(await readStatus(issued.secret)).toBe(401);
    const again = await call<KeyBody>(testApp.app, "DELETE", path(keys.tenantA, `/${issued.api_key.id}`), OPERATOR_KEY);
    expect(again.body.revoked_at).toBe(revoked.body.revoked_at);
  });

  it("rotate: the new key works, the old one is refused at once or after its grace period", async () => {
    const old = await issue(keys.tenantA);
    expect(await readStatus(old.secret)).toBe(200);
    const rotated = await call<z.infer<typeof rotatedApiKeyResponse>>(
      testApp.app,
      "POST",
      path(keys.tenantA, `/${old.api_key.id}/rotate`),
      OPERATOR_KEY,
    );
    expect(rotated.status).toBe(201);
    expect(rotated.body.api_key).toMatchObject({ name: "ci", scopes: ["ingest", "read"] });
    expect(await readStatus(rotated.body.secret)).toBe(200);
    expect(await readStatus(old.secret)).toBe(401);
    const rotateRevoked = path(keys.tenantA, `/${old.api_key.id}/rotate`);
    expect((await call(testApp.app, "POST", rotateRevoked, OPERATOR_KEY, {})).status).toBe(409);

    const graced = await issue(keys.tenantA);
    expect(await readStatus(graced.secret)).toBe(200);
    const withGrace = await call<z.infer<typeof rotatedApiKeyResponse>>(
      testApp.app,
      "POST",
      path(keys.tenantA, `/${graced.api_key.id}/rotate`),
      OPERATOR_KEY,
      { grace_period_seconds: 1 },
    );
    expect(withGrace.body.previous.revoked_at).toBeNull();
    expect(withGrace.body.previous.expires_at).not.toBeNull();
    expect(await readStatus(graced.secret)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // The cached old key was re-read after the rotation's announcement, so its cache entry ends with the grace period.
    expect(await readStatus(graced.secret)).toBe(401);
    expect(await readStatus(withGrace.body.secret)).toBe(200);
  });

  it("subscribes to revocations announced elsewhere (e.g. by another api replica)", async () => {
    const issued = await issue(keys.tenantA);
    expect(await readStatus(issued.secret)).toBe(200);
    // Not through this server's announce (which also evicts locally): only the Redis subscription can evict it.
    await revokeTenantApiKey(testApp.db, {
      tenantId: keys.tenantA,
      keyId: issued.api_key.id,
      actor: "user:test",
      announce: (keyId) => publishApiKeyRevocation(testApp.redis, testApp.prefix, keyId),
    });
    await vi.waitFor(async () => {
      expect(await readStatus(issued.secret)).toBe(401);
    });
  });

  it("a tenant admin's revocation through tRPC also takes effect at once", async () => {
    const issued = await issue(keys.tenantA);
    expect(await readStatus(issued.secret)).toBe(200);
    const user = await createUser(testApp.db, {
      email: "admin@tenant-a.example",
      name: "Admin A",
      password: "password-1",
      role: "tenant_admin",
      tenantId: keys.tenantA,
    });
    const session = await createSession(testApp.db, user.id);
    const revoked = await testApp.app.inject({
      method: "POST",
      url: "/trpc/apiKeys.revoke",
      headers: { "content-type": "application/json", cookie: `tg_session=${encodeURIComponent(session)}` },
      payload: JSON.stringify({ keyId: issued.api_key.id }),
    });
    expect(revoked.statusCode).toBe(200);
    expect(await readStatus(issued.secret)).toBe(401);
  });

  it("are in the OpenAPI document", async () => {
    const document = await call<{ paths: Record<string, Record<string, unknown>> }>(
      testApp.app,
      "GET",
      "/openapi.json",
      null,
    );
    const paths = document.body.paths;
    expect(Object.keys(paths["/v1/admin/tenants/{tenantId}/api-keys"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(paths["/v1/admin/tenants/{tenantId}/api-keys/{keyId}"] ?? {})).toEqual(["delete"]);
    expect(Object.keys(paths["/v1/admin/tenants/{tenantId}/api-keys/{keyId}/rotate"] ?? {})).toEqual(["post"]);
  });
});

import { type Db } from "@tollgate/db";
import { createUser } from "@tollgate/use-cases/accounts";
import { createApiKey, createApiKeyAuthenticator } from "@tollgate/use-cases/api-keys";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

let testApp: ApiTestApp;
let db: Db;
let app: FastifyInstance;
let tenantKey = "";

beforeAll(async () => {
  testApp = await startApiTestApp();
  ({ db, app } = testApp);
  const tenant = await db.tenant.create({ data: { name: "Existing", slug: "existing" } });
  tenantKey = (await createApiKey(db, { tenantId: tenant.id, name: "t", scopes: ["ingest", "read"] })).plaintext;
  await createUser(db, {
    email: "admin@existing.example",
    name: "A",
    password: "password-1",
    role: "tenant_admin",
    tenantId: tenant.id,
  });
});

afterAll(async () => {
  await testApp.close();
});

const createTenant = (body: unknown, key: string | null) =>
  app.inject({
    method: "POST",
    url: "/v1/admin/tenants",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    payload: JSON.stringify(body),
  });

describe("POST /v1/admin/tenants", () => {
  it("creates a tenant whose new key authenticates with ingest+read, and audits it", async () => {
    const response = await createTenant({ name: "Acme Agents" }, OPERATOR_KEY);
    expect(response.statusCode).toBe(201);
    const body = response.json<{
      tenant: { id: string; slug: string };
      apiKey: { secret: string; scopes: string[] };
    }>();
    expect(body.tenant.slug).toBe("acme-agents");
    const authenticate = createApiKeyAuthenticator(db);
    expect(await authenticate(body.apiKey.secret)).toMatchObject({
      tenantId: body.tenant.id,
      scopes: ["ingest", "read"],
    });
    const audit = await db.auditLog.findFirst({ where: { targetId: body.tenant.id } });
    expect(audit).toMatchObject({ action: "tenant.create", actor: "api_key:env-operator" });
    expect(JSON.stringify(audit?.after)).not.toContain(body.apiKey.secret);
    // Same name again gets its own slug.
    const again = await createTenant({ name: "Acme Agents" }, OPERATOR_KEY);
    expect(again.json<{ tenant: { slug: string } }>().tenant.slug).toBe("acme-agents-2");
  });

  it.each([
    ["no key", { name: "X" }, null, 401],
    ["a tenant key", { name: "X" }, "tenant", 403],
    ["an empty name", { name: "  " }, "operator", 400],
    ["an unknown field", { name: "X", plan: "free" }, "operator", 400],
  ] as const)("refuses %s", async (_label, body, who, status) => {
    const key = who === "tenant" ? tenantKey : who === "operator" ? OPERATOR_KEY : null;
    const response = await createTenant(body, key);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toHaveProperty("error.message");
  });
});

describe("service routes", () => {
  it("serves an OpenAPI document for the REST surface", async () => {
    const doc = (await app.inject({ url: "/openapi.json" })).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(doc.openapi).toBe("3.0.3");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/admin/tenants",
        "/v1/events",
        "/v1/usage/summary",
        "/v1/usage/events",
        "/v1/admin/queues/{queue}/failed",
        "/v1/admin/queues/{queue}/failed/retry",
        "/v1/admin/queues/{queue}/failed/{jobId}/retry",
        "/v1/admin/queues/{queue}/failed/{jobId}",
      ]),
    );
  });

  it("answers health, readiness and metrics", async () => {
    expect((await app.inject({ url: "/healthz" })).statusCode).toBe(200);
    expect((await app.inject({ url: "/readyz" })).json()).toEqual({ status: "ready", checks: { postgres: "ok" } });
    expect((await app.inject({ url: "/metrics" })).body).toContain("http_requests_total");
  });

  it("keeps the session in an httpOnly cookie across tRPC calls", async () => {
    const login = await app.inject({
      method: "POST",
      url: "/trpc/auth.login",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ email: "admin@existing.example", password: "password-1" }),
    });
    expect(login.statusCode).toBe(200);
    const setCookie = String(login.headers["set-cookie"]);
    expect(setCookie).toMatch(/^tg_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    const me = await app.inject({ url: "/trpc/auth.me", headers: { cookie: setCookie.split(";")[0] ?? "" } });
    expect(me.json()).toMatchObject({ result: { data: { email: "admin@existing.example" } } });
    const anonymous = await app.inject({ url: "/trpc/auth.me" });
    expect(anonymous.json()).toMatchObject({ result: { data: null } });
  });
});

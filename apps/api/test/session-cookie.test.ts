import { createUser } from "@tollgate/use-cases/accounts";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

let testApp: ApiTestApp;
let app: FastifyInstance;

beforeAll(async () => {
  testApp = await startApiTestApp();
  app = testApp.app;
  const tenant = await testApp.db.tenant.create({ data: { name: "Cookie Co", slug: "cookie-co" } });
  await createUser(testApp.db, {
    email: "admin@cookie.example",
    name: "C",
    password: "password-1",
    role: "tenant_admin",
    tenantId: tenant.id,
  });
});

afterAll(async () => {
  await testApp.close();
});

describe("a malformed session cookie", () => {
  it.each(["%E0%A4%A", "%", "%ZZ", "abc%"])("tg_session=%s is no session: signed out, never a 500", async (value) => {
    const me = await app.inject({ url: "/trpc/auth.me", headers: { cookie: `tg_session=${value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ result: { data: null } });
    const usage = await app.inject({ url: "/trpc/usage.summary", headers: { cookie: `tg_session=${value}` } });
    expect(usage.statusCode).toBe(401);
  });

  it("does not stop a valid session from working next to other malformed cookies", async () => {
    const login = await app.inject({
      method: "POST",
      url: "/trpc/auth.login",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ email: "admin@cookie.example", password: "password-1" }),
    });
    const session = String(login.headers["set-cookie"]).split(";")[0] ?? "";
    const me = await app.inject({ url: "/trpc/auth.me", headers: { cookie: `other=%E0%A4%A; ${session}` } });
    expect(me.json()).toMatchObject({ result: { data: { email: "admin@cookie.example" } } });
  });
});

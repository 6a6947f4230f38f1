import { type Db } from "@tollgate/db";
import { createUser } from "@tollgate/use-cases/accounts";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { trpcMutation } from "./support/trpc-call.ts";

let testApp: ApiTestApp;
let app: FastifyInstance;
let db: Db;
let tenantId = "";
let operatorCookie = "";

const login = async (email: string, password: string) => {
  const response = await trpcMutation(app, "auth.login", { email, password });
  return { status: response.status, cookie: response.cookie ?? "" };
};

/** Who a session cookie signs in as, or null when the session has ended. */
const me = async (cookie: string) => {
  const response = await app.inject({ url: "/trpc/auth.me", headers: { cookie } });
  return response.json<{ result: { data: { email: string } | null } }>().result.data?.email ?? null;
};

const newUser = async (email: string, password = "original-password") => {
  const user = await createUser(db, { email, name: email, password, role: "tenant_admin", tenantId });
  return user.id;
};

beforeAll(async () => {
  testApp = await startApiTestApp();
  ({ app, db } = testApp);
  tenantId = (await db.tenant.create({ data: { name: "Pw", slug: "pw" } })).id;
  await createUser(db, {
    email: "ops@pw.example",
    name: "Ops",
    password: "operator-password",
    role: "operator",
    tenantId: null,
  });
  operatorCookie = (await login("ops@pw.example", "operator-password")).cookie;
});

afterAll(async () => {
  await testApp.close();
});

describe("auth.changePassword", () => {
  it("changes the signed-in user's password, ends their other sessions and keeps this one", async () => {
    const userId = await newUser("self@pw.example");
    const here = (await login("self@pw.example", "original-password")).cookie;
    const elsewhere = (await login("self@pw.example", "original-password")).cookie;
    expect(await me(elsewhere)).toBe("self@pw.example");

    const changed = await trpcMutation(
      app,
      "auth.changePassword",
      { currentPassword: "original-password", newPassword: "a-new-long-password" },
      { cookie: here },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ result: { data: { sessionsEnded: 1 } } });
    expect(await me(here)).toBe("self@pw.example");
    expect(await me(elsewhere)).toBeNull();
    expect((await login("self@pw.example", "original-password")).status).toBe(401);
    expect((await login("self@pw.example", "a-new-long-password")).status).toBe(200);

    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: userId, action: "user.password_change" } });
    expect(audit).toMatchObject({ actor: `user:${userId}`, tenantId, targetType: "user" });
    expect(JSON.stringify([audit.before, audit.after, audit.reason])).not.toContain("a-new-long-password");
  });

  it("refuses a wrong current password, a short new one, and anyone not signed in", async () => {
    await newUser("careful@pw.example");
    const cookie = (await login("careful@pw.example", "original-password")).cookie;
    const change = (currentPassword: string, newPassword: string, withCookie: string | null) =>
      trpcMutation(app, "auth.changePassword", { currentPassword, newPassword }, { cookie: withCookie });
    expect((await change("not-the-password", "a-new-long-password", cookie)).status).toBe(400);
    expect((await change("original-password", "too-short", cookie)).status).toBe(400);
    expect((await change("original-password", "a-new-long-password", null)).status).toBe(401);
    expect((await login("careful@pw.example", "original-password")).status).toBe(200);
  });

  it("throttles guesses of the current password like logins", async () => {
    await newUser("guessed@pw.example");
    const cookie = (await login("guessed@pw.example", "original-password")).cookie;
    const guess = (currentPassword: string) =>
      trpcMutation(
        app,
        "auth.changePassword",
        { currentPassword, newPassword: "attacker-chosen-pw" },
        { cookie, address: "10.9.0.1" },
      );
    for (let index = 0; index < 10; index += 1) expect((await guess(`guess-${index.toString()}`)).status).toBe(400);
    const locked = await guess("original-password");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect((await login("guessed@pw.example", "attacker-chosen-pw")).status).not.toBe(200);
  }, 30_000);
});

describe("users.resetPassword", () => {
  it("lets an operator set a user's password, ending all of that user's sessions", async () => {
    const userId = await newUser("forgetful@pw.example");
    const session = (await login("forgetful@pw.example", "original-password")).cookie;
    const reset = await trpcMutation(
      app,
      "users.resetPassword",
      { userId, newPassword: "operator-chosen-pw" },
      { cookie: operatorCookie },
    );
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ result: { data: { generatedPassword: null, sessionsEnded: 1 } } });
    expect(await me(session)).toBeNull();
    expect((await login("forgetful@pw.example", "original-password")).status).toBe(401);
    expect((await login("forgetful@pw.example", "operator-chosen-pw")).status).toBe(200);
    const operatorId = (await db.user.findUniqueOrThrow({ where: { email: "ops@pw.example" } })).id;
    expect(await db.auditLog.findFirst({ where: { targetId: userId, action: "user.password_reset" } })).toMatchObject({
      actor: `user:${operatorId}`,
      tenantId,
    });
  });

  it("generates a password when none is given, shown once and never audited", async () => {
    const userId = await newUser("generated@pw.example");
    const reset = await trpcMutation(app, "users.resetPassword", { userId }, { cookie: operatorCookie });
    const generated = (reset.body as { result: { data: { generatedPassword: string } } }).result.data.generatedPassword;
    expect(generated.length).toBeGreaterThanOrEqual(12);
    expect((await login("generated@pw.example", generated)).status).toBe(200);
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: userId, action: "user.password_reset" } });
    expect(JSON.stringify([audit.before, audit.after, audit.reason])).not.toContain(generated);
  });

  it("is for operators only", async () => {
    const userId = await newUser("target@pw.example");
    await newUser("peer@pw.example");
    const peer = (await login("peer@pw.example", "original-password")).cookie;
    const asPeer = await trpcMutation(
      app,
      "users.resetPassword",
      { userId, newPassword: "peer-chosen-password" },
      { cookie: peer },
    );
    expect(asPeer.status).toBe(403);
    const anonymous = await trpcMutation(app, "users.resetPassword", { userId, newPassword: "anon-chosen-pw!" });
    expect(anonymous.status).toBe(401);
    expect((await login("target@pw.example", "original-password")).status).toBe(200);
  });
});

import type { Db } from "@tollgate/db";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prepareFirstOperator, type FirstOperatorLog } from "../src/first-operator.ts";
import { startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { trpcMutation } from "./support/trpc-call.ts";

let testApp: ApiTestApp;
let app: FastifyInstance;
let db: Db;

function capturingLog() {
  const lines: string[] = [];
  const log: FirstOperatorLog = {
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (_details, message) => lines.push(`error ${message}`),
  };
  return { log, lines };
}

const start = (configured: { email: string; password: string } | null) => {
  const { log, lines } = capturingLog();
  return prepareFirstOperator(db, { configured, publicUrl: "http://console.example/", log }).then((link) => ({
    link,
    lines,
  }));
};

const tokenOf = (link: string | null) => new URL(link ?? "http://x/").hash.replace(/^#token=/, "");

const setup = (token: string, email: string, password = "first-operator-pw") =>
  trpcMutation(app, "auth.setup", { token, email, name: "First Operator", password });

const login = (email: string, password: string) => trpcMutation(app, "auth.login", { email, password });

beforeAll(async () => {
  testApp = await startApiTestApp();
  ({ app, db } = testApp);
});

beforeEach(async () => {
  await db.user.deleteMany({});
  await db.setupToken.deleteMany({});
});

afterAll(async () => {
  await testApp.close();
});

describe("first operator from configuration", () => {
  it("is created at start when no operator exists, signs in, and is never overwritten", async () => {
    const first = await start({ email: "Boss@Example.com", password: "configured-password" });
    expect(first.link).toBeNull();
    expect(await db.setupToken.count()).toBe(0);
    expect(first.lines.join("\n")).not.toContain("configured-password");
    const signedIn = await login("boss@example.com", "configured-password");
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ result: { data: { role: "operator", email: "boss@example.com" } } });
    expect(await db.auditLog.findFirst({ where: { action: "user.create" } })).toMatchObject({
      actor: "system:configured-operator",
    });

    // Another start with another password (or another email) changes nothing.
    await start({ email: "boss@example.com", password: "another-password" });
    await start({ email: "second@example.com", password: "another-password" });
    expect(await db.user.count()).toBe(1);
    expect((await login("boss@example.com", "another-password")).status).toBe(401);
    expect((await login("boss@example.com", "configured-password")).status).toBe(200);
  });
});

describe("first operator from a one-time setup token", () => {
  it("prints a setup link while no operator exists, storing only the token's hash with an expiry", async () => {
    const { link, lines } = await start(null);
    expect(link).toMatch(/^http:\/\/console\.example\/setup#token=[A-Za-z0-9_-]{43}$/);
    expect(lines.filter((line) => line.includes(link ?? "?"))).toHaveLength(1);
    const stored = await db.setupToken.findMany();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toContain(tokenOf(link));
    expect(stored[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(stored[0]!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 60 * 60 * 1000);
    expect(await db.user.count()).toBe(0);

    // A new start issues a new token; the old one no longer works.
    const again = await start(null);
    expect(tokenOf(again.link)).not.toBe(tokenOf(link));
    expect((await setup(tokenOf(link), "late@example.com")).status).toBe(403);
    expect(await db.user.count()).toBe(0);
  });

  it("creates the first operator once, even when the token is used concurrently", async () => {
    const token = tokenOf((await start(null)).link);
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) => setup(token, `racer-${index.toString()}@example.com`)),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    for (const status of statuses.filter((s) => s !== 200)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    }
    const operators = await db.user.findMany({ where: { role: "operator" } });
    expect(operators).toHaveLength(1);
    expect(await db.setupToken.count()).toBe(0);

    const winner = operators[0]!.email;
    expect((await login(winner, "first-operator-pw")).body).toMatchObject({ result: { data: { role: "operator" } } });
    expect(await db.auditLog.findFirst({ where: { targetId: operators[0]!.id } })).toMatchObject({
      action: "user.create",
      actor: "system:setup-token",
    });

    // Used: refused. And with an operator in place, no new link and no setup at all.
    expect((await setup(token, "again@example.com")).status).toBe(409);
    const afterwards = await start(null);
    expect(afterwards.link).toBeNull();
    expect(afterwards.lines).toEqual([]);
    expect(await db.user.count()).toBe(1);
  }, 30_000);

  it("refuses a wrong or expired token, and a short password", async () => {
    const token = tokenOf((await start(null)).link);
    expect((await setup("not-the-token", "x@example.com")).status).toBe(403);
    expect((await setup(token, "x@example.com", "short")).status).toBe(400);
    await db.setupToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await setup(token, "x@example.com")).status).toBe(403);
    expect(await db.user.count()).toBe(0);
  });
});

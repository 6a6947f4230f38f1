import { createDbClient, type Db } from "@tollgate/db";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

interface TrpcErrorBody {
  error: { message: string; data: { code: string; httpStatus: number; fieldErrors?: Record<string, string> } };
}

const ABSOLUTE_PATH_OR_STACK = /\/(work|home|usr|tmp|app)\/|\bat .+:\d+:\d+/;

let testApp: ApiTestApp;

beforeAll(async () => {
  testApp = await startApiTestApp();
});

afterAll(async () => {
  await testApp.close();
});

// tRPC decides whether to send stacks from NODE_ENV when the router module is created, so each mode loads the
// server (and @tollgate/trpc) afresh with NODE_ENV set, over the one test database.
describe.each(["development", "production"])("tRPC errors with NODE_ENV=%s", (nodeEnv) => {
  let app: FastifyInstance;
  let unreachableDb: Db;
  let brokenApp: FastifyInstance;

  beforeAll(async () => {
    vi.stubEnv("NODE_ENV", nodeEnv);
    vi.resetModules();
    const support = await import("./support/api-test-app.ts");
    app = await support.buildTestServer(testApp.db, testApp.usageQueue, testApp.ratingSweepQueue, {
      loginLimiter: testApp.loginLimiter,
    });
    // A server whose database does not exist: every query fails, the way an outage or a bug surfaces as a 500.
    unreachableDb = createDbClient("postgresql://postgres@127.0.0.1:5432/tollgate_no_such_database", {
      maxConnections: 1,
    });
    brokenApp = await support.buildTestServer(unreachableDb, testApp.usageQueue, testApp.ratingSweepQueue, {
      loginLimiter: testApp.loginLimiter,
    });
  });

  afterAll(async () => {
    await brokenApp.close();
    await unreachableDb.$disconnect();
    await app.close();
    vi.unstubAllEnvs();
  });

  it("answers invalid input with 400 and each field's message, without a stack", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/trpc/auth.login",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ email: "not-an-email", password: "" }),
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<TrpcErrorBody>();
    expect(body.error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(body.error.data.fieldErrors ?? {}).sort()).toEqual(["email", "password"]);
    expect(body.error.message).toMatch(/^invalid input: email: .+; password: .+/);
    expect(response.body).not.toContain("stack");
    expect(response.body).not.toMatch(ABSOLUTE_PATH_OR_STACK);
  });

  it("answers batched invalid input (as the console sends it) the same way", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/trpc/auth.login?batch=1",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ "0": { email: 42 } }),
    });
    expect(response.statusCode).toBe(400);
    const [entry] = response.json<TrpcErrorBody[]>();
    expect(entry?.error.data.fieldErrors).toHaveProperty("email");
    expect(response.body).not.toContain("stack");
  });

  it("keeps AppErrors' codes and messages", async () => {
    const response = await app.inject({ url: "/trpc/usage.summary" });
    expect(response.statusCode).toBe(401);
    const body = response.json<TrpcErrorBody>();
    expect(body.error).toMatchObject({ message: "sign in first", data: { code: "UNAUTHORIZED" } });
    expect(response.body).not.toContain("stack");
  });

  it("answers an internal failure with a generic 500: no stack, no internal message", async () => {
    const response = await brokenApp.inject({ url: "/trpc/auth.me", headers: { cookie: "tg_session=some-token" } });
    expect(response.statusCode).toBe(500);
    const body = response.json<TrpcErrorBody>();
    expect(body.error).toMatchObject({ message: "internal error", data: { code: "INTERNAL_SERVER_ERROR" } });
    expect(response.body).not.toContain("stack");
    expect(response.body).not.toContain("tollgate_no_such_database");
    expect(response.body).not.toMatch(ABSOLUTE_PATH_OR_STACK);
  });
});

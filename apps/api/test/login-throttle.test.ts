import { type Db } from "@tollgate/db";
import { createUser } from "@tollgate/use-cases/accounts";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { trpcBatch, trpcMutation } from "./support/trpc-call.ts";

// The test app runs the real Redis limiter with the defaults: 10 failures per account, 50 per address, 15 minutes.
const PASSWORD = "right-password-123";
let testApp: ApiTestApp;
let app: FastifyInstance;
let db: Db;

beforeAll(async () => {
  testApp = await startApiTestApp();
  ({ app, db } = testApp);
  for (const email of ["victim@throttle.example", "other@throttle.example", "batch@throttle.example"]) {
    await createUser(db, { email, name: email, password: PASSWORD, role: "operator", tenantId: null });
  }
});

afterAll(async () => {
  await testApp.close();
});

const login = (email: string, password: string, address: string) =>
  trpcMutation(app, "auth.login", { email, password }, { address });

describe("auth.login throttling", () => {
  it("answers 429 with Retry-After once an account has 10 failures, and then refuses even the right password", async () => {
    // 60 wrong passwords at once, as an attacker would send them.
    const responses = await Promise.all(
      Array.from({ length: 60 }, () => login("victim@throttle.example", "wrong-password", "10.0.0.1")),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(50);
    for (const response of responses.filter((r) => r.status === 429)) {
      const retryAfter = Number(response.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(900);
      expect(response.body).toMatchObject({ error: { data: { code: "TOO_MANY_REQUESTS", httpStatus: 429 } } });
    }

    const right = await login("victim@throttle.example", PASSWORD, "10.0.0.1");
    expect(right.status).toBe(429);
    expect(right.cookie).toBeNull();
    // The lock is per account: the right password from another address is refused too.
    expect((await login("victim@throttle.example", PASSWORD, "10.0.0.9")).status).toBe(429);
  }, 60_000);

  it("leaves another account from another address alone", async () => {
    const response = await login("other@throttle.example", PASSWORD, "10.0.0.2");
    expect(response.status).toBe(200);
    expect(response.cookie).toMatch(/^tg_session=/);
  });

  it("counts every login call of a batched request", async () => {
    const batch = await trpcBatch(
      app,
      Array.from({ length: 9 }, () => ({
        path: "auth.login",
        input: { email: "batch@throttle.example", password: "wrong-password" },
      })),
      { address: "10.0.0.3" },
    );
    expect(
      (batch.body as unknown[]).map((entry) => (entry as { error?: { data?: { code?: string } } }).error?.data?.code),
    ).toEqual(Array.from({ length: 9 }, () => "UNAUTHORIZED"));
    // 9 counted: one more failure is allowed, the next call is refused.
    expect((await login("batch@throttle.example", "wrong-password", "10.0.0.3")).status).toBe(401);
    const refused = await login("batch@throttle.example", PASSWORD, "10.0.0.3");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);

    // A batch that reaches the limit carries Retry-After on its HTTP response.
    const lockedBatch = await trpcBatch(
      app,
      [
        { path: "auth.login", input: { email: "batch@throttle.example", password: PASSWORD } },
        { path: "auth.login", input: { email: "batch@throttle.example", password: PASSWORD } },
      ],
      { address: "10.0.0.3" },
    );
    expect(lockedBatch.status).toBe(429);
    expect(Number(lockedBatch.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("answers 429 to an address after 50 failures, across accounts", async () => {
    const address = "10.0.0.4";
    for (let round = 0; round < 10; round += 1) {
      const batch = await trpcBatch(
        app,
        Array.from({ length: 5 }, (_, index) => ({
          path: "auth.login",
          input: { email: `nobody-${round.toString()}-${index.toString()}@throttle.example`, password: "guess-guess" },
        })),
        { address },
      );
      expect(batch.status).toBe(401);
    }
    const next = await login("someone-new@throttle.example", "guess-guess", address);
    expect(next.status).toBe(429);
    expect(Number(next.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // The right password of an unlocked account from that address is refused too; from elsewhere it works.
    expect((await login("other@throttle.example", PASSWORD, address)).status).toBe(429);
    expect((await login("other@throttle.example", PASSWORD, "10.0.0.5")).status).toBe(200);
  }, 60_000);

  it("does not count successful logins as failures", async () => {
    for (let index = 0; index < 12; index += 1) {
      expect((await login("other@throttle.example", PASSWORD, "10.0.0.6")).status).toBe(200);
    }
  }, 60_000);
});

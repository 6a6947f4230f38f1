import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestServer, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { trpcBatch } from "./support/trpc-call.ts";

// Which client address the login throttle counts, with and without a trusted reverse proxy (TRUST_PROXY).
const PROXY = "10.9.0.1";
let testApp: ApiTestApp;
let behindProxy: FastifyInstance;

beforeAll(async () => {
  testApp = await startApiTestApp();
  behindProxy = await buildTestServer(testApp.db, testApp.usageQueue, testApp.ratingSweepQueue, {
    loginLimiter: testApp.loginLimiter,
    trustProxy: [PROXY],
  });
});

afterAll(async () => {
  await behindProxy.close();
  await testApp.close();
});

/** 50 failed sign-ins (the per-address limit), 5 per batched request, each for another unknown account. */
async function fail50(app: FastifyInstance, tag: string, address: string, forwardedFor?: (round: number) => string) {
  for (let round = 0; round < 10; round += 1) {
    const calls = Array.from({ length: 5 }, (_, index) => ({
      path: "auth.login",
      input: { email: `${tag}-${round.toString()}-${index.toString()}@proxy.example`, password: "guess-guess" },
    }));
    const options = forwardedFor ? { address, forwardedFor: forwardedFor(round) } : { address };
    expect((await trpcBatch(app, calls, options)).status).toBe(401);
  }
}

const oneMore = (app: FastifyInstance, address: string, forwardedFor?: string) =>
  trpcBatch(app, [{ path: "auth.login", input: { email: "late@proxy.example", password: "guess-guess" } }], {
    address,
    ...(forwardedFor ? { forwardedFor } : {}),
  });

describe("login throttling by client address", () => {
  it("ignores X-Forwarded-For by default: a client cannot spread its guesses over made-up addresses", async () => {
    await fail50(testApp.app, "spoof", "10.9.0.2", (round) => `198.51.100.${round.toString()}`);
    expect((await oneMore(testApp.app, "10.9.0.2", "198.51.100.99")).status).toBe(429);
  }, 60_000);

  it("counts per forwarded client behind a trusted proxy, and the proxy's own address is not locked", async () => {
    await fail50(behindProxy, "proxied", PROXY, () => "203.0.113.7");
    expect((await oneMore(behindProxy, PROXY, "203.0.113.7")).status).toBe(429);
    // Another client behind the same proxy is not locked out with the first.
    expect((await oneMore(behindProxy, PROXY, "203.0.113.8")).status).toBe(401);
  }, 60_000);
});

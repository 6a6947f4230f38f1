import { randomUUID } from "node:crypto";
import { createApiKeyAuthenticator, createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase } from "@tollgate/db/testing";
import { createMetricsRegistry } from "@tollgate/http";
import { createRedis, createTypedQueue, type TypedQueue } from "@tollgate/queues";
import type { FastifyInstance } from "fastify";
import { createLoginLimiter, type LoginLimiter } from "../../src/auth/login-limiter.ts";
import { buildApiServer } from "../../src/server.ts";

export const OPERATOR_KEY = "operator-key-for-api-tests-0123456789";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export interface ApiTestApp {
  app: FastifyInstance;
  db: Db;
  redis: ReturnType<typeof createRedis>;
  /** This suite's own Redis key prefix. */
  prefix: string;
  usageQueue: TypedQueue<"usage">;
  ratingSweepQueue: TypedQueue<"ratingSweep">;
  loginLimiter: LoginLimiter;
  close(): Promise<void>;
}

/** The API server over `db` and the queues, quiet, without the console. */
export async function buildTestServer(
  db: Db,
  usageQueue: TypedQueue<"usage">,
  ratingSweepQueue: TypedQueue<"ratingSweep">,
  loginLimiter: LoginLimiter,
): Promise<FastifyInstance> {
  return buildApiServer({
    db,
    // No cache: a test that changes a key sees the change at once.
    authenticate: createApiKeyAuthenticator(db, { operatorKey: OPERATOR_KEY, ttlMs: 0 }),
    usageQueue,
    ratingSweepQueue,
    registry: createMetricsRegistry("api-test"),
    readiness: {
      postgres: async () => {
        await db.$queryRaw`SELECT 1`;
      },
    },
    logLevel: "silent",
    cookieSecure: false,
    consoleDistDir: null,
    loginLimiter,
  });
}

/** The API server over a throw-away database and its own Redis prefix; close() removes both. */
export async function startApiTestApp(): Promise<ApiTestApp> {
  const database = await createTestDatabase();
  const db = createDbClient(database.url, { maxConnections: 4 });
  const redis = createRedis(REDIS_URL, "producer");
  const prefix = `{tollgate-api-test-${randomUUID().slice(0, 8)}}`;
  const usageQueue = createTypedQueue("usage", redis, prefix);
  const ratingSweepQueue = createTypedQueue("ratingSweep", redis, prefix);
  // The real limiter with the default limits, on the suite's own Redis prefix.
  const loginLimiter = createLoginLimiter(redis, prefix);
  const app = await buildTestServer(db, usageQueue, ratingSweepQueue, loginLimiter);
  return {
    app,
    db,
    redis,
    prefix,
    usageQueue,
    ratingSweepQueue,
    loginLimiter,
    async close() {
      await app.close();
      await usageQueue.close();
      await ratingSweepQueue.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await db.$disconnect();
      await database.drop();
    },
  };
}

export interface ErrorResponse {
  error: { code: string; message: string };
}

/** A request with an optional Bearer key and JSON body; the response body is parsed as JSON when there is one. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape it expects, like inject's json<T>()
export async function call<T = ErrorResponse>(
  app: FastifyInstance,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  key: string | null,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await app.inject({
    method,
    url,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as T };
}

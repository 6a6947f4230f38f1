import { DEFAULT_INVOICE_ISSUER, type InvoiceIssuer } from "@tollgate/use-cases/invoices";
import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { createApiKeyAuthenticator } from "@tollgate/use-cases/api-keys";
import { createTestDatabase } from "@tollgate/db/testing";
import { createMetricsRegistry } from "@tollgate/http";
import { createRedis, createTypedQueue, type TypedQueue } from "@tollgate/queues";
import type { FastifyInstance, RouteOptions } from "fastify";
import type { ApiDeps } from "../../src/api-deps.ts";
import { startApiKeyAuth, type ApiKeyAuth } from "../../src/api-key-auth.ts";
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
  webhookDeliveryQueue: TypedQueue<"webhookDelivery">;
  planSimulationQueue: TypedQueue<"planSimulation">;
  billingCloseQueue: TypedQueue<"billingClose">;
  /** The server's key authentication, subscribed to revocations under `prefix` as in production. */
  keyAuth: ApiKeyAuth;
  loginLimiter: LoginLimiter;
  close(): Promise<void>;
}

export interface ApiTestAppOptions {
  /** Default 0 (no cache): a test that changes a key sees the change at once. */
  keyCacheTtlMs?: number;
  /** Told about every route the server registers (the access-isolation test derives its cases from them). */
  onRoute?: (route: RouteOptions) => void;
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS; default false, as in production. */
  allowPrivateWebhooks?: boolean;
  /** INVOICE_ISSUER_*; default the built-in issuer. */
  invoiceIssuer?: InvoiceIssuer;
}

/** The API server over `db` and the queues, quiet, without the console. */
export async function buildTestServer(
  db: Db,
  usageQueue: TypedQueue<"usage">,
  ratingSweepQueue: TypedQueue<"ratingSweep">,
  /** The login limiter is required: it needs a Redis connection and prefix (a suite's `loginLimiter`). */
  overrides: Partial<ApiDeps> & Pick<ApiDeps, "loginLimiter">,
  onRoute?: (route: RouteOptions) => void,
): Promise<FastifyInstance> {
  return buildApiServer(
    {
      db,
      // By default no cache: a test that changes a key sees the change at once, so there is nothing to announce.
      authenticate: createApiKeyAuthenticator(db, { operatorKey: OPERATOR_KEY, ttlMs: 0 }),
      announceKeyRevocation: () => Promise.resolve(),
      invoiceIssuer: DEFAULT_INVOICE_ISSUER,
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
      ...overrides,
    },
    onRoute ? { onRoute } : {},
  );
}

/** The API server over a throw-away database and its own Redis prefix; close() removes both. */
export async function startApiTestApp(options: ApiTestAppOptions = {}): Promise<ApiTestApp> {
  const database = await createTestDatabase();
  const db = createDbClient(database.url, { maxConnections: 4 });
  const redis = createRedis(REDIS_URL, "producer");
  const subscriber = createRedis(REDIS_URL, "subscriber");
  const prefix = `{tollgate-api-test-${randomUUID().slice(0, 8)}}`;
  const usageQueue = createTypedQueue("usage", redis, prefix);
  const ratingSweepQueue = createTypedQueue("ratingSweep", redis, prefix);
  const webhookDeliveryQueue = createTypedQueue("webhookDelivery", redis, prefix);
  const planSimulationQueue = createTypedQueue("planSimulation", redis, prefix);
  const billingCloseQueue = createTypedQueue("billingClose", redis, prefix);
  // The real limiter with the default limits, on the suite's own Redis prefix.
  const loginLimiter = createLoginLimiter(redis, prefix);
  const keyAuth = await startApiKeyAuth({
    db,
    redis,
    subscriber,
    prefix,
    operatorKey: OPERATOR_KEY,
    keyCacheTtlMs: options.keyCacheTtlMs ?? 0,
    onError: (error) => {
      throw error;
    },
  });
  const app = await buildTestServer(
    db,
    usageQueue,
    ratingSweepQueue,
    {
      authenticate: keyAuth.authenticate,
      announceKeyRevocation: keyAuth.announceRevocation,
      loginLimiter,
      webhookDeliveryQueue,
      planSimulationQueue,
      billingCloseQueue,
      webhookPolicy: { allowPrivateNetworks: options.allowPrivateWebhooks ?? false },
      ...(options.invoiceIssuer ? { invoiceIssuer: options.invoiceIssuer } : {}),
    },
    options.onRoute,
  );
  return {
    app,
    db,
    redis,
    prefix,
    usageQueue,
    ratingSweepQueue,
    webhookDeliveryQueue,
    planSimulationQueue,
    billingCloseQueue,
    keyAuth,
    loginLimiter,
    async close() {
      await app.close();
      await keyAuth.close();
      subscriber.disconnect();
      await usageQueue.close();
      await ratingSweepQueue.close();
      await webhookDeliveryQueue.close();
      await planSimulationQueue.close();
      await billingCloseQueue.close();
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

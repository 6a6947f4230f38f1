import { invoiceIssuerFromEnv } from "@tollgate/use-cases/invoices";
import { createDbClient } from "@tollgate/db";
import { createMetricsRegistry, onShutdownSignal } from "@tollgate/http";
import { createRedis, createTypedQueue } from "@tollgate/queues";
import { startApiKeyAuth } from "./api-key-auth.ts";
import { createLoginLimiter } from "./auth/login-limiter.ts";
import { loadApiEnv } from "./env.ts";
import { prepareFirstOperator } from "./first-operator.ts";
import { buildApiServer } from "./server.ts";

const env = loadApiEnv();
const db = createDbClient(env.DATABASE_URL, { maxConnections: 10 });
const redis = createRedis(env.REDIS_URL, "producer");
const usageQueue = createTypedQueue("usage", redis, env.QUEUE_PREFIX);
const ratingSweepQueue = createTypedQueue("ratingSweep", redis, env.QUEUE_PREFIX);
const webhookDeliveryQueue = createTypedQueue("webhookDelivery", redis, env.QUEUE_PREFIX);
const planSimulationQueue = createTypedQueue("planSimulation", redis, env.QUEUE_PREFIX);
const billingCloseQueue = createTypedQueue("billingClose", redis, env.QUEUE_PREFIX);
const subscriber = createRedis(env.REDIS_URL, "subscriber");
// Logged by the server once it exists; until then a failing start surfaces through the rejected promise.
let logError = (error: unknown, what: string) => {
  console.error(what, error);
};
const keyAuth = await startApiKeyAuth({
  db,
  redis,
  subscriber,
  prefix: env.QUEUE_PREFIX,
  operatorKey: env.TOLLGATE_OPERATOR_API_KEY,
  onError: (error, what) => {
    logError(error, what);
  },
});

const app = await buildApiServer({
  db,
  authenticate: keyAuth.authenticate,
  announceKeyRevocation: keyAuth.announceRevocation,
  invoiceIssuer: invoiceIssuerFromEnv(env),
  usageQueue,
  ratingSweepQueue,
  webhookDeliveryQueue,
  planSimulationQueue,
  billingCloseQueue,
  webhookPolicy: { allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS },
  registry: createMetricsRegistry("api"),
  readiness: {
    postgres: async () => {
      await db.$queryRaw`SELECT 1`;
    },
    redis: async () => {
      await redis.ping();
    },
  },
  logLevel: env.LOG_LEVEL,
  cookieSecure: env.COOKIE_SECURE,
  consoleOrigins: env.CONSOLE_ORIGINS,
  trustProxy: env.TRUST_PROXY,
  httpTimeouts: env,
  consoleDistDir: env.CONSOLE_DIST_DIR,
  loginLimiter: createLoginLimiter(redis, env.QUEUE_PREFIX, {
    maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS,
    windowMs: env.LOGIN_FAILURE_WINDOW_SECONDS * 1000,
  }),
});

logError = (error, what) => {
  app.log.warn({ err: error }, what);
};

// Redis being away only affects the failed-jobs endpoints (they fail until it is back); log it, never crash.
usageQueue.queue.on("error", (error) => {
  app.log.warn({ err: error }, "usage queue: Redis error");
});
ratingSweepQueue.queue.on("error", (error) => {
  app.log.warn({ err: error }, "rating sweep queue: Redis error");
});
webhookDeliveryQueue.queue.on("error", (error) => {
  app.log.warn({ err: error }, "webhook delivery queue: Redis error");
});
planSimulationQueue.queue.on("error", (error) => {
  app.log.warn({ err: error }, "plan simulation queue: Redis error");
});
billingCloseQueue.queue.on("error", (error) => {
  app.log.warn({ err: error }, "billing close queue: Redis error");
});

onShutdownSignal(
  async () => {
    await app.close();
    await keyAuth.close();
    await usageQueue.close();
    await ratingSweepQueue.close();
    await webhookDeliveryQueue.close();
    await planSimulationQueue.close();
    await billingCloseQueue.close();
    subscriber.disconnect();
    redis.disconnect();
    await db.$disconnect();
  },
  (message) => {
    app.log.info(message);
  },
);

// Before listen, so the setup link is in the log before the api reports ready (npm start's banner points up at it).
await prepareFirstOperator(db, {
  configured:
    env.TOLLGATE_OPERATOR_EMAIL !== undefined && env.TOLLGATE_OPERATOR_PASSWORD !== undefined
      ? { email: env.TOLLGATE_OPERATOR_EMAIL, password: env.TOLLGATE_OPERATOR_PASSWORD }
      : null,
  publicUrl: env.TOLLGATE_PUBLIC_URL ?? `http://localhost:${env.API_PORT.toString()}`,
  log: app.log,
}).catch((error: unknown) => {
  app.log.error({ err: error }, "could not prepare the first operator (is Postgres reachable?)");
});

await app.listen({ host: env.API_HOST, port: env.API_PORT });

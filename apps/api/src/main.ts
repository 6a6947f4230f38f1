import { createApiKeyAuthenticator, createDbClient } from "@tollgate/db";
import { createMetricsRegistry, onShutdownSignal } from "@tollgate/http";
import { createRedis, createTypedQueue } from "@tollgate/queues";
import { loadApiEnv } from "./env.ts";
import { buildApiServer } from "./server.ts";

const env = loadApiEnv();
const db = createDbClient(env.DATABASE_URL, { maxConnections: 10 });
const redis = createRedis(env.REDIS_URL, "producer");
const usageQueue = createTypedQueue("usage", redis, env.QUEUE_PREFIX);
const ratingSweepQueue = createTypedQueue("ratingSweep", redis, env.QUEUE_PREFIX);

const app = await buildApiServer({
  db,
  authenticate: createApiKeyAuthenticator(db, { operatorKey: env.TOLLGATE_OPERATOR_API_KEY }),
  usageQueue,
  ratingSweepQueue,
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
  httpTimeouts: env,
  consoleDistDir: env.CONSOLE_DIST_DIR,
});

// Redis being away only affects the failed-jobs endpoints (they fail until it is back); log it, never crash.
usageQueue.queue.on("error", (error) => {
  app.log.warn({ err: error }, "usage queue: Redis error");
});
ratingSweepQueue.queue.on("error", (error) => {
  app.log.warn({ err: error }, "rating sweep queue: Redis error");
});

onShutdownSignal(
  async () => {
    await app.close();
    await usageQueue.close();
    await ratingSweepQueue.close();
    redis.disconnect();
    await db.$disconnect();
  },
  (message) => {
    app.log.info(message);
  },
);

await app.listen({ host: env.API_HOST, port: env.API_PORT });

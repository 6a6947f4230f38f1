import { createApiKeyAuthenticator, createDbClient } from "@tollgate/db";
import { createMetricsRegistry, onShutdownSignal } from "@tollgate/http";
import { createRedis } from "@tollgate/queues";
import { loadApiEnv } from "./env.ts";
import { buildApiServer } from "./server.ts";

const env = loadApiEnv();
const db = createDbClient(env.DATABASE_URL, { maxConnections: 10 });
const redis = createRedis(env.REDIS_URL, "producer");

const app = await buildApiServer({
  db,
  authenticate: createApiKeyAuthenticator(db, { operatorKey: env.TOLLGATE_OPERATOR_API_KEY }),
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
  consoleDistDir: env.CONSOLE_DIST_DIR,
});

onShutdownSignal(
  async () => {
    await app.close();
    redis.disconnect();
    await db.$disconnect();
  },
  (message) => {
    app.log.info(message);
  },
);

await app.listen({ host: env.API_HOST, port: env.API_PORT });

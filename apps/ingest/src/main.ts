import { createApiKeyAuthenticator, createDbClient } from "@tollgate/db";
import { createMetricsRegistry, onShutdownSignal } from "@tollgate/http";
import { createRedis, createTypedQueue } from "@tollgate/queues";
import { loadIngestEnv } from "./env.ts";
import { createIngestMetrics } from "./ingest-metrics.ts";
import { buildIngestServer } from "./server.ts";

const env = loadIngestEnv();
const db = createDbClient(env.DATABASE_URL, { maxConnections: 4 });
const redis = createRedis(env.REDIS_URL, "producer");
const usageQueue = createTypedQueue("usage", redis, env.QUEUE_PREFIX);
const registry = createMetricsRegistry("ingest");

const app = buildIngestServer({
  authenticate: createApiKeyAuthenticator(db, { operatorKey: env.TOLLGATE_OPERATOR_API_KEY }),
  usageQueue,
  registry,
  metrics: createIngestMetrics(registry),
  readiness: {
    postgres: async () => {
      await db.$queryRaw`SELECT 1`;
    },
    redis: async () => {
      await redis.ping();
    },
  },
  logLevel: env.LOG_LEVEL,
});

onShutdownSignal(
  async () => {
    // Stop accepting first; in-flight requests finish (their jobs are stored) before the connections close.
    await app.close();
    await usageQueue.close();
    redis.disconnect();
    await db.$disconnect();
  },
  (message) => {
    app.log.info(message);
  },
);

await app.listen({ host: env.INGEST_HOST, port: env.INGEST_PORT });

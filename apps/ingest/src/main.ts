import { createDbClient } from "@tollgate/db";
import { createMetricsRegistry, onShutdownSignal } from "@tollgate/http";
import { createRedis } from "@tollgate/queues";
import { loadIngestEnv } from "./env.ts";
import { startIngestRuntime } from "./ingest-runtime.ts";

const env = loadIngestEnv();
const db = createDbClient(env.DATABASE_URL, { maxConnections: 4 });
const redis = createRedis(env.REDIS_URL, "producer");
const subscriber = createRedis(env.REDIS_URL, "subscriber");

const ingest = await startIngestRuntime({
  db,
  redis,
  subscriber,
  prefix: env.QUEUE_PREFIX,
  settings: {
    coalesceMaxDelayMs: env.INGEST_COALESCE_MAX_DELAY_MS,
    coalesceMaxEvents: env.INGEST_COALESCE_MAX_EVENTS,
    rateLimitEvents: env.INGEST_RATE_LIMIT_EVENTS_PER_SECOND,
    maxQueueBacklog: env.INGEST_MAX_QUEUE_BACKLOG,
    queuePollMs: env.INGEST_QUEUE_POLL_MS,
    operatorKey: env.TOLLGATE_OPERATOR_API_KEY,
  },
  registry: createMetricsRegistry("ingest"),
  readiness: {
    postgres: async () => {
      await db.$queryRaw`SELECT 1`;
    },
    redis: async () => {
      await redis.ping();
    },
  },
  logLevel: env.LOG_LEVEL,
  httpTimeouts: env,
});

onShutdownSignal(
  async () => {
    // Stop accepting; requests in flight are answered once their coalesced jobs are stored; then close connections.
    await ingest.close();
    subscriber.disconnect();
    redis.disconnect();
    await db.$disconnect();
  },
  (message) => {
    ingest.app.log.info(message);
  },
);

await ingest.app.listen({ host: env.INGEST_HOST, port: env.INGEST_PORT });

import { randomBytes, randomUUID } from "node:crypto";
import { createTestDatabase } from "@tollgate/db/testing";
import { Redis } from "ioredis";
import { ensureConsoleBuilt, CONSOLE_DIST_DIR } from "./console-build.ts";
import { freePort } from "./ports.ts";
import { startService, waitUntilReady, type ServiceProcess } from "./service-process.ts";

export interface TestStack {
  databaseUrl: string;
  operatorKey: string;
  ingestUrl: string;
  apiUrl: string;
  services: Record<"ingest" | "worker" | "api", ServiceProcess>;
  /** Stops every process (gracefully) and returns their exit codes; then drops the database and Redis keys. */
  stop(): Promise<Record<string, number | null>>;
}

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** The whole platform on its own database, Redis prefix and ports: real processes, as in production. */
export async function startTestStack(options: { withConsole?: boolean } = {}): Promise<TestStack> {
  if (options.withConsole) ensureConsoleBuilt();
  const database = await createTestDatabase();
  const prefix = `{tg-e2e-${randomUUID().slice(0, 8)}}`;
  const operatorKey = `tg_test_operator_${randomBytes(16).toString("hex")}`;
  const [ingestPort, apiPort, workerPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: "warn",
    TOLLGATE_OPERATOR_API_KEY: operatorKey,
    INGEST_HOST: "127.0.0.1",
    INGEST_PORT: String(ingestPort),
    API_HOST: "127.0.0.1",
    API_PORT: String(apiPort),
    WORKER_HOST: "127.0.0.1",
    WORKER_METRICS_PORT: String(workerPort),
    WORKER_CONCURRENCY: "2",
    CONSOLE_DIST_DIR: options.withConsole ? CONSOLE_DIST_DIR : "/nonexistent",
  };
  const services = {
    ingest: startService("ingest", env),
    worker: startService("worker", env),
    api: startService("api", env),
  };
  const ingestUrl = `http://127.0.0.1:${ingestPort.toString()}`;
  const apiUrl = `http://127.0.0.1:${apiPort.toString()}`;
  await Promise.all([
    waitUntilReady(`${ingestUrl}/readyz`, services.ingest),
    waitUntilReady(`${apiUrl}/readyz`, services.api),
    waitUntilReady(`http://127.0.0.1:${workerPort.toString()}/readyz`, services.worker),
  ]);
  return {
    databaseUrl: database.url,
    operatorKey,
    ingestUrl,
    apiUrl,
    services,
    async stop() {
      const codes = await Promise.all(
        Object.values(services).map(async (service) => [service.name, await service.stop()] as const),
      );
      await database.drop();
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      return Object.fromEntries(codes);
    },
  };
}

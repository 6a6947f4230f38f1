import { randomBytes, randomUUID } from "node:crypto";
import { createTestDatabase } from "@tollgate/db/testing";
import { Redis } from "ioredis";
import { ensureConsoleBuilt, CONSOLE_DIST_DIR } from "./console-build.ts";
import { freePort } from "./ports.ts";
import { startService, waitUntilReady, type ServiceProcess } from "./service-process.ts";

export interface TestStackOptions {
  withConsole?: boolean;
  /** Another Redis (e.g. a private redis-server a test crashes); default REDIS_URL or the local one. */
  redisUrl?: string;
  /** Worker processes to start (default 1). */
  workers?: number;
  /** Extra environment for every worker process (concurrency, lock and stalled-check settings). */
  workerEnv?: Record<string, string>;
  /** Extra environment for every service (e.g. INVOICE_ISSUER_CODE, which api and worker must agree on). */
  env?: Record<string, string>;
  /** Runs on the migrated database before any service starts (e.g. data the worker's first scan must see). */
  seed?: (databaseUrl: string) => Promise<void>;
}

export interface TestStack {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  operatorKey: string;
  ingestUrl: string;
  apiUrl: string;
  /** `worker` is the first worker process; all of them are in `workers`. */
  services: Record<"ingest" | "worker" | "api", ServiceProcess>;
  /** The live worker processes (a test may stop, kill or replace them). */
  workers: ServiceProcess[];
  /** The first worker's HTTP address: /healthz, /readyz and /metrics. */
  workerUrl: string;
  /** Starts one more worker process and waits until it is ready. */
  startWorker(): Promise<ServiceProcess>;
  /** Stops every process (gracefully) and returns their exit codes; then drops the database and Redis keys. */
  stop(): Promise<Record<string, number | null>>;
}

const defaultRedisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * The whole platform on its own database, Redis prefix and ports: real processes, as in production. When any part
 * fails to start, every process already started is stopped, the database dropped and the prefix's Redis keys deleted
 * before the error is thrown: a failed start leaves nothing behind for the rest of the run.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  if (options.withConsole) ensureConsoleBuilt();
  const redisUrl = options.redisUrl ?? defaultRedisUrl;
  const database = await createTestDatabase();
  const prefix = `{tg-e2e-${randomUUID().slice(0, 8)}}`;
  const started: ServiceProcess[] = [];
  /** Stops the given processes (gracefully) and returns their exit codes; then drops the database and Redis keys. */
  const tearDown = async (services: readonly ServiceProcess[]) => {
    const codes = await Promise.all(services.map(async (service) => [service.name, await service.stop()] as const));
    await database.drop();
    await deleteKeys(redisUrl, prefix);
    return Object.fromEntries(codes);
  };
  try {
    return await startServices(options, { database, redisUrl, prefix, started, tearDown });
  } catch (error) {
    try {
      await tearDown(started);
    } catch (cleanupError) {
      throw new AggregateError([error, cleanupError], "the test stack failed to start, and so did its cleanup", {
        cause: cleanupError,
      });
    }
    throw error;
  }
}

interface StackParts {
  database: { url: string };
  redisUrl: string;
  prefix: string;
  /** Every process started so far, in order (also those a test stops or replaces later). */
  started: ServiceProcess[];
  tearDown: (services: readonly ServiceProcess[]) => Promise<Record<string, number | null>>;
}

async function startServices(options: TestStackOptions, parts: StackParts): Promise<TestStack> {
  const { database, redisUrl, prefix, started, tearDown } = parts;
  await options.seed?.(database.url);
  const operatorKey = `tg_test_operator_${randomBytes(16).toString("hex")}`;
  const [ingestPort, apiPort] = await Promise.all([freePort(), freePort()]);
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
    WORKER_CONCURRENCY: "4",
    WORKER_TRANSACTIONS: "2",
    CONSOLE_DIST_DIR: options.withConsole ? CONSOLE_DIST_DIR : "/nonexistent",
    ...options.env,
  };
  const start = (app: "ingest" | "worker" | "api", serviceEnv: Record<string, string>, name?: string) => {
    const service = startService(app, serviceEnv, name);
    started.push(service);
    return service;
  };

  const workers: ServiceProcess[] = [];
  const workerUrls: string[] = [];
  let workersStarted = 0;
  const startWorker = async () => {
    workersStarted += 1;
    const port = await freePort();
    workerUrls.push(`http://127.0.0.1:${port.toString()}`);
    const name = workersStarted === 1 ? "worker" : `worker-${workersStarted.toString()}`;
    const worker = start("worker", { ...env, WORKER_METRICS_PORT: String(port), ...options.workerEnv }, name);
    workers.push(worker);
    await waitUntilReady(`http://127.0.0.1:${port.toString()}/readyz`, worker);
    return worker;
  };

  const ingest = start("ingest", env);
  const api = start("api", env);
  const ingestUrl = `http://127.0.0.1:${ingestPort.toString()}`;
  const apiUrl = `http://127.0.0.1:${apiPort.toString()}`;
  const firstWorker = startWorker();
  await Promise.all([
    waitUntilReady(`${ingestUrl}/readyz`, ingest),
    waitUntilReady(`${apiUrl}/readyz`, api),
    firstWorker,
  ]);
  for (let i = 1; i < (options.workers ?? 1); i += 1) await startWorker();

  return {
    databaseUrl: database.url,
    redisUrl,
    queuePrefix: prefix,
    operatorKey,
    ingestUrl,
    apiUrl,
    services: { ingest, worker: await firstWorker, api },
    workers,
    workerUrl: workerUrls[0] ?? "",
    startWorker,
    stop: () => tearDown([ingest, api, ...workers]),
  };
}

async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { createApiKey } from "@tollgate/use-cases/api-keys";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { createMetricsRegistry } from "@tollgate/http";
import {
  createRedis,
  usageJobPayloadSchema,
  type Redis,
  type UsageJobPayload,
  type UsageGroup,
} from "@tollgate/queues";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { startIngestRuntime, type IngestRuntime, type IngestSettings } from "../../src/ingest-runtime.ts";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Generous limits and a short coalescing delay; each test overrides what it exercises. */
export const TEST_SETTINGS: IngestSettings = {
  coalesceMaxDelayMs: 2,
  coalesceMaxEvents: 1000,
  rateLimitEvents: 1_000_000,
  maxQueueBacklog: 1_000_000,
  queuePollMs: 60_000,
};

export interface IngestDatabase {
  db: Db;
  tenantId: string;
  otherTenantId: string;
  keys: { ingest: string; ingestKeyId: string; readOnly: string; otherTenant: string; otherTenantKeyId: string };
  drop(): Promise<void>;
}

/** A throw-away database with two tenants and their keys. */
export async function createIngestDatabase(): Promise<IngestDatabase> {
  const database: TestDatabase = await createTestDatabase();
  const db = createDbClient(database.url, { maxConnections: 2 });
  const tenant = await db.tenant.create({ data: { name: "Ingest Test", slug: "ingest-test" } });
  const other = await db.tenant.create({ data: { name: "Other", slug: "other" } });
  const ingest = await createApiKey(db, { tenantId: tenant.id, name: "ingest", scopes: ["ingest"] });
  const readOnly = await createApiKey(db, { tenantId: tenant.id, name: "read", scopes: ["read"] });
  const otherKey = await createApiKey(db, { tenantId: other.id, name: "other", scopes: ["ingest"] });
  return {
    db,
    tenantId: tenant.id,
    otherTenantId: other.id,
    keys: {
      ingest: ingest.plaintext,
      ingestKeyId: ingest.apiKey.id,
      readOnly: readOnly.plaintext,
      otherTenant: otherKey.plaintext,
      otherTenantKeyId: otherKey.apiKey.id,
    },
    async drop() {
      await db.$disconnect();
      await database.drop();
    },
  };
}

export interface TestIngest {
  runtime: IngestRuntime;
  redis: Redis;
  prefix: string;
  post(
    body: unknown,
    options?: { key?: string | null; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  /**
   * Every usage job stored under this ingest's prefix (no worker runs, so they all wait), read as the worker reads
   * it: through the catalog schema, so an invalid payload fails the test.
   */
  storedPayloads(): Promise<UsageJobPayload[]>;
  /** The (tenant, API key) groups of every stored job. */
  storedGroups(): Promise<UsageGroup[]>;
  close(): Promise<void>;
}

/** An ingest runtime on its own Redis key prefix; close() removes every key under it. */
export async function startTestIngest(
  database: IngestDatabase,
  settings: Partial<IngestSettings> = {},
  redisUrl = REDIS_URL,
  prefix = `{tg-ingest-test-${randomUUID().slice(0, 8)}}`,
): Promise<TestIngest> {
  const redis = createRedis(redisUrl, "producer");
  const subscriber = createRedis(redisUrl, "subscriber");
  redis.on("error", () => undefined); // outage tests stop Redis on purpose; commands report the failures
  subscriber.on("error", () => undefined);
  // The producer has no offline queue: wait until it is connected before sending anything.
  if (redis.status !== "ready") await new Promise((resolve) => redis.once("ready", resolve));
  const runtime = await startIngestRuntime({
    db: database.db,
    redis,
    subscriber,
    prefix,
    settings: { ...TEST_SETTINGS, ...settings },
    registry: createMetricsRegistry("ingest-test"),
    readiness: {},
    logLevel: "silent",
  });
  await runtime.app.ready();
  const storedPayloads = async () => {
    const jobs = await runtime.usageQueue.queue.getJobs(["waiting", "prioritized", "delayed"]);
    return jobs.map((job) => usageJobPayloadSchema.parse(job.data));
  };
  return {
    runtime,
    redis,
    prefix,
    post(body, options = {}) {
      const key = options.key === undefined ? database.keys.ingest : options.key;
      return runtime.app.inject({
        method: "POST",
        url: "/v1/events",
        headers: {
          "content-type": "application/json",
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...options.headers,
        },
        payload: typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body),
      });
    },
    storedPayloads,
    async storedGroups() {
      return (await storedPayloads()).flatMap((payload) => payload.batches);
    },
    async close() {
      await runtime.close();
      if (redis.status === "ready") {
        const leftovers = await redis.keys(`${prefix}*`);
        if (leftovers.length > 0) await redis.del(...leftovers);
      }
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}

/**
 * For a test file that needs one database and one ingest runtime: creates them before its tests and removes them
 * after. The getters are only valid inside tests and hooks.
 */
export function useTestIngest(): { database: () => IngestDatabase; ingest: () => TestIngest } {
  let database: IngestDatabase | undefined;
  let ingest: TestIngest | undefined;
  beforeAll(async () => {
    database = await createIngestDatabase();
    ingest = await startTestIngest(database);
  });
  afterAll(async () => {
    await ingest?.close();
    await database?.drop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useTestIngest: used outside a test");
    return value;
  };
  return { database: () => ready(database), ingest: () => ready(ingest) };
}

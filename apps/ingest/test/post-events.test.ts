import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { createApiKey, createApiKeyAuthenticator, createDbClient, revokeApiKey, type Db } from "@tollgate/db";
import { createTestDatabase } from "@tollgate/db/testing";
import { createMetricsRegistry } from "@tollgate/http";
import { createRedis, createTypedQueue, type UsageBatchPayload } from "@tollgate/queues";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIngestMetrics } from "../src/ingest-metrics.ts";
import { buildIngestServer } from "../src/server.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `{tg-ingest-test-${randomUUID().slice(0, 8)}}`;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let app: FastifyInstance;
const redis = createRedis(redisUrl, "producer");
const usageQueue = createTypedQueue("usage", redis, prefix);
const keys: Record<"ingest" | "readOnly" | "revoked" | "otherTenant", string> = {
  ingest: "",
  readOnly: "",
  revoked: "",
  otherTenant: "",
};
let tenantId = "";

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  const tenant = await db.tenant.create({ data: { name: "Ingest Test", slug: "ingest-test" } });
  const other = await db.tenant.create({ data: { name: "Other", slug: "other" } });
  tenantId = tenant.id;
  keys.ingest = (await createApiKey(db, { tenantId, name: "ingest", scopes: ["ingest"] })).plaintext;
  keys.readOnly = (await createApiKey(db, { tenantId, name: "read", scopes: ["read"] })).plaintext;
  const revoked = await createApiKey(db, { tenantId, name: "revoked", scopes: ["ingest"] });
  await revokeApiKey(db, revoked.apiKey.id);
  keys.revoked = revoked.plaintext;
  keys.otherTenant = (await createApiKey(db, { tenantId: other.id, name: "other", scopes: ["ingest"] })).plaintext;
  const registry = createMetricsRegistry("ingest-test");
  app = buildIngestServer({
    authenticate: createApiKeyAuthenticator(db),
    usageQueue,
    registry,
    metrics: createIngestMetrics(registry),
    readiness: {},
    logLevel: "silent",
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await usageQueue.close();
  const leftovers = await redis.keys(`${prefix}*`);
  if (leftovers.length > 0) await redis.del(...leftovers);
  redis.disconnect();
  await db.$disconnect();
  await database.drop();
});

function post(body: unknown, key: string | null = keys.ingest, headers: Record<string, string> = {}) {
  return app.inject({
    method: "POST",
    url: "/v1/events",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    payload: typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
}

async function queuedPayloads(): Promise<UsageBatchPayload[]> {
  const jobs = await usageQueue.queue.getJobs(["waiting"]);
  return jobs.map((job) => job.data as UsageBatchPayload);
}

describe("POST /v1/events", () => {
  it("queues valid events of a batch and reports the rejected ones", async () => {
    const response = await post({
      events: [
        { id: "a1", model: "openai/gpt-5", input_tokens: 10 },
        { id: "a2", model: "openai/gpt-5", output_tokens: 1.5 },
        { id: "a1", model: "openai/gpt-5", input_tokens: 10 },
      ],
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({
      accepted: 1,
      duplicates: 1,
      rejected: [{ index: 1, id: "a2", code: "invalid_event", message: "output_tokens: must be an integer" }],
    });
    const payloads = await queuedPayloads();
    const mine = payloads.find((p) => p.events.some((e) => e.id === "a1"));
    expect(mine?.tenantId).toBe(tenantId);
    expect(mine?.events.map((e) => e.id)).toEqual(["a1"]);
  });

  it("answers 400 with the reasons when no event is valid, and queues nothing", async () => {
    const before = (await queuedPayloads()).length;
    const response = await post({ id: "", model: "m" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { code: "bad_request", details: { rejected: [{ index: 0, code: "invalid_event" }] } },
    });
    expect((await queuedPayloads()).length).toBe(before);
  });

  it.each([
    ["no key", null, 401],
    ["an unknown key", "tg_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 401],
    ["a malformed key", "hello", 401],
    ["a revoked key", "revoked", 401],
    ["a key without the ingest scope", "readOnly", 403],
  ] as const)("rejects %s", async (_label, key, status) => {
    const presented = key === "revoked" || key === "readOnly" ? keys[key] : key;
    const response = await post({ id: "x", model: "m" }, presented);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toHaveProperty("error.message");
  });

  it.each([
    ["malformed JSON", '{"id": "x", ', 400],
    ["an array body", "[]", 400],
    ["an empty events list", { events: [] }, 400],
    ["1,001 events", { events: Array.from({ length: 1001 }, (_, i) => ({ id: `e${i.toString()}`, model: "m" })) }, 400],
  ] as const)("rejects %s", async (_label, body, status) => {
    const response = await post(body);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toHaveProperty("error.code", "bad_request");
  });

  it("rejects a wrong content type with 415 and a body over 1 MiB with 413", async () => {
    const text = await post("id=x", keys.ingest, { "content-type": "text/plain" });
    expect(text.statusCode).toBe(415);
    const big = await post({ id: "big", model: "m", metadata: { k: "x".repeat(1_100_000) } });
    expect(big.statusCode).toBe(413);
  });

  it("keeps tenants apart: a key only ever queues events for its own tenant", async () => {
    const response = await post({ id: "other-1", model: "m" }, keys.otherTenant);
    expect(response.statusCode).toBe(202);
    const payload = (await queuedPayloads()).find((p) => p.events.some((e) => e.id === "other-1"));
    expect(payload?.tenantId).not.toBe(tenantId);
  });

  it("never answers 5xx for hostile bodies", async () => {
    const bodies: unknown[] = [
      { id: "n", model: "m", input_tokens: "NaN" },
      { id: "n", model: "m", input_tokens: 2 ** 64 },
      { id: { $gt: "" }, model: "m" },
      { id: "'; DROP TABLE usage_events; --", model: "m\u0000" },
      { events: "nope" },
      null,
      42,
    ];
    for (const body of bodies) {
      const response = await post(JSON.stringify(body));
      expect(response.statusCode, JSON.stringify(body)).toBeLessThan(500);
    }
    const gz = await post(gzipSync(Buffer.from("{}")), keys.ingest, { "content-encoding": "gzip" });
    expect(gz.statusCode).toBeLessThan(500);
  });
});

import type { AddressInfo } from "node:net";
import { createMetricsRegistry, httpTimeoutsEnvSchema } from "@tollgate/http";
import { RawHttpConnection } from "@tollgate/http/testing";
import { createRedis, type Redis } from "@tollgate/queues";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startIngestRuntime, type IngestRuntime } from "../src/ingest-runtime.ts";
import { createIngestDatabase, REDIS_URL, TEST_SETTINGS, type IngestDatabase } from "./support/ingest-fixture.ts";

const REQUEST_TIMEOUT_MS = 1000;
const HEADERS_TIMEOUT_MS = 500;
// Enforcement runs on a sweep and the machine is shared: allow this much beyond a timeout.
const SLACK_MS = 1500;

let database: IngestDatabase;
let redis: Redis;
let subscriber: Redis;
let runtime: IngestRuntime;
let port: number;
const connections: RawHttpConnection[] = [];

beforeAll(async () => {
  database = await createIngestDatabase();
  redis = createRedis(REDIS_URL, "producer");
  subscriber = createRedis(REDIS_URL, "subscriber");
  if (redis.status !== "ready") await new Promise((resolve) => redis.once("ready", resolve));
  runtime = await startIngestRuntime({
    db: database.db,
    redis,
    subscriber,
    prefix: `{tg-ingest-slow-${process.pid.toString()}}`,
    settings: TEST_SETTINGS,
    registry: createMetricsRegistry("ingest-slow-test"),
    readiness: {},
    logLevel: "silent",
    httpTimeouts: httpTimeoutsEnvSchema.parse({
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      // Longer than the request timeout: a trickling client is never idle, so only the request timeout stops it.
      HTTP_CONNECTION_TIMEOUT_MS: "10000",
    }),
  });
  await runtime.app.listen({ host: "127.0.0.1", port: 0 });
  port = (runtime.app.server.address() as AddressInfo).port;
});

afterEach(() => {
  for (const connection of connections.splice(0)) connection.destroy();
});

afterAll(async () => {
  await runtime.close();
  subscriber.disconnect();
  redis.disconnect();
  await database.drop();
});

async function open(): Promise<RawHttpConnection> {
  const connection = await RawHttpConnection.open(port);
  connections.push(connection);
  return connection;
}

function postHead(path: string, key: string | null, contentLength: number, contentType = "application/json"): string {
  return [
    `POST ${path} HTTP/1.1`,
    "Host: 127.0.0.1",
    `Content-Type: ${contentType}`,
    `Content-Length: ${contentLength.toString()}`,
    ...(key ? [`Authorization: Bearer ${key}`] : []),
    "",
    "",
  ].join("\r\n");
}

describe("slow clients on ingest", () => {
  it("closes a keyed request whose body stops arriving within the request timeout", async () => {
    const connection = await open();
    connection.write(postHead("/v1/events", database.keys.ingest, 200));
    connection.write('{"events": [');
    const closedAfter = await connection.closedWithin(REQUEST_TIMEOUT_MS + SLACK_MS);
    expect(closedAfter).not.toBeNull();
    expect([408, null]).toContain(connection.status);
  });

  it("closes a keyed request whose body trickles in (never idle) within the request timeout", async () => {
    const connection = await open();
    connection.write(postHead("/v1/events", database.keys.ingest, 200));
    connection.trickle(" ".repeat(200), 50);
    const closedAfter = await connection.closedWithin(REQUEST_TIMEOUT_MS + SLACK_MS);
    expect(closedAfter).not.toBeNull();
    expect([408, null]).toContain(connection.status);
  });

  it("closes a connection whose headers never end within the headers timeout", async () => {
    const connection = await open();
    connection.write(`POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
    connection.trickle("X-Slow: " + "a".repeat(200), 50);
    expect(await connection.closedWithin(HEADERS_TIMEOUT_MS + SLACK_MS)).not.toBeNull();
  });

  it.each([
    ["without a key", "/v1/events", null, 401, "application/json"],
    ["with an unknown key", "/v1/events", "tg_unknown_0123456789abcdef", 401, "application/json"],
    ["with a key lacking the ingest scope", "/v1/events", "read-only", 403, "application/json"],
    ["without a key (limits)", "/v1/limits/reserve", null, 401, "application/json"],
    ["without a key (OpenMeter/Lago)", "/api/v1/events", null, 401, "application/json"],
    ["without a key (Stripe)", "/v1/billing/meter_events", null, 401, "application/x-www-form-urlencoded"],
  ])("answers a request %s on %s at once, without waiting for its body, and closes it", async (...args) => {
    const [, path, key, status, contentType] = args;
    const connection = await open();
    const presented = key === "read-only" ? database.keys.readOnly : key;
    connection.write(postHead(path, presented, 100_000, contentType));
    // The body is never sent: the answer must not wait for it (nor for the request timeout).
    const answeredAfter = await connection.waitForResponse(REQUEST_TIMEOUT_MS - 200);
    expect(answeredAfter).toBeLessThan(REQUEST_TIMEOUT_MS - 200);
    expect(connection.status).toBe(status);
    expect(connection.response.toLowerCase()).toContain("connection: close");
    expect(await connection.closedWithin(500)).not.toBeNull();
  });

  it("still serves a complete keyed request over a raw connection", async () => {
    const connection = await open();
    const body = JSON.stringify({ id: "slow-ok-1", model: "m", input_tokens: 1 });
    connection.write(postHead("/v1/events", database.keys.ingest, Buffer.byteLength(body)) + body);
    await connection.waitForResponse(5000);
    expect(connection.status).toBe(202);
  });
});

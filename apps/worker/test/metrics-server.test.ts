import type { AddressInfo } from "node:net";
import { createMetricsRegistry, httpTimeoutsEnvSchema } from "@tollgate/http";
import { RawHttpConnection } from "@tollgate/http/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildMetricsServer } from "../src/metrics-server.ts";

const REQUEST_TIMEOUT_MS = 1000;
const HEADERS_TIMEOUT_MS = 500;
// Enforcement runs on a sweep and the machine is shared: allow this much beyond a timeout.
const SLACK_MS = 1500;

let server: FastifyInstance;
let port: number;
const connections: RawHttpConnection[] = [];

beforeAll(async () => {
  server = buildMetricsServer({
    logLevel: "silent",
    registry: createMetricsRegistry("worker-metrics-test"),
    readiness: {},
    httpTimeouts: httpTimeoutsEnvSchema.parse({
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_CONNECTION_TIMEOUT_MS: "10000",
    }),
  });
  await server.listen({ host: "127.0.0.1", port: 0 });
  port = (server.server.address() as AddressInfo).port;
});

afterEach(() => {
  for (const connection of connections.splice(0)) connection.destroy();
});

afterAll(async () => {
  await server.close();
});

async function open(): Promise<RawHttpConnection> {
  const connection = await RawHttpConnection.open(port);
  connections.push(connection);
  return connection;
}

describe("the worker's metrics server", () => {
  it("serves /healthz and /metrics with the strict JSON API security headers", async () => {
    const health = await server.inject({ url: "/healthz" });
    expect(health.json()).toEqual({ status: "ok" });
    const metrics = await server.inject({ url: "/metrics" });
    expect(metrics.statusCode).toBe(200);
    for (const response of [health, metrics]) {
      expect(response.headers["content-security-policy"]).toBe("default-src 'none';frame-ancestors 'none'");
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["x-frame-options"]).toBe("DENY");
    }
  });

  it("closes a request whose body never arrives within the request timeout", async () => {
    const connection = await open();
    connection.write("POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n");
    expect(await connection.closedWithin(REQUEST_TIMEOUT_MS + SLACK_MS)).not.toBeNull();
  });

  it("closes a connection whose headers never end within the headers timeout", async () => {
    const connection = await open();
    connection.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    connection.trickle("X-Slow: " + "a".repeat(200), 50);
    expect(await connection.closedWithin(HEADERS_TIMEOUT_MS + SLACK_MS)).not.toBeNull();
  });
});

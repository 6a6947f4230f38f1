import type { AddressInfo } from "node:net";
import { httpTimeoutsEnvSchema } from "@tollgate/http";
import { RawHttpConnection } from "@tollgate/http/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildTestServer, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

const REQUEST_TIMEOUT_MS = 1000;
const HEADERS_TIMEOUT_MS = 500;
// Enforcement runs on a sweep and the machine is shared: allow this much beyond a timeout.
const SLACK_MS = 1500;

let testApp: ApiTestApp;
let server: FastifyInstance;
let port: number;
const connections: RawHttpConnection[] = [];

beforeAll(async () => {
  testApp = await startApiTestApp();
  server = await buildTestServer(testApp.db, testApp.usageQueue, testApp.ratingSweepQueue, {
    loginLimiter: testApp.loginLimiter,
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
  await testApp.close();
});

async function open(): Promise<RawHttpConnection> {
  const connection = await RawHttpConnection.open(port);
  connections.push(connection);
  return connection;
}

const LOGIN_HEAD = [
  "POST /trpc/auth.login HTTP/1.1",
  "Host: 127.0.0.1",
  "Content-Type: application/json",
  "Content-Length: 200",
  "",
  "",
].join("\r\n");

describe("slow clients on the api", () => {
  it("closes a request whose body never arrives within the request timeout", async () => {
    const connection = await open();
    connection.write(LOGIN_HEAD);
    expect(await connection.closedWithin(REQUEST_TIMEOUT_MS + SLACK_MS)).not.toBeNull();
    expect([408, null]).toContain(connection.status);
  });

  it("closes a request whose body trickles in within the request timeout", async () => {
    const connection = await open();
    connection.write(LOGIN_HEAD);
    connection.trickle(" ".repeat(200), 50);
    expect(await connection.closedWithin(REQUEST_TIMEOUT_MS + SLACK_MS)).not.toBeNull();
  });

  it("closes a connection whose headers never end within the headers timeout", async () => {
    const connection = await open();
    connection.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    connection.trickle("X-Slow: " + "a".repeat(200), 50);
    expect(await connection.closedWithin(HEADERS_TIMEOUT_MS + SLACK_MS)).not.toBeNull();
  });

  it("still answers a normal request", async () => {
    const connection = await open();
    connection.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await connection.waitForResponse(5000);
    expect(connection.status).toBe(200);
  });
});

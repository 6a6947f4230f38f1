import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestServer, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

let testApp: ApiTestApp;
let consoleDir: string;
let app: FastifyInstance;
let httpsApp: FastifyInstance;

beforeAll(async () => {
  testApp = await startApiTestApp();
  // A stand-in for the Vite build: the headers do not depend on its content.
  consoleDir = mkdtempSync(join(tmpdir(), "tollgate-console-"));
  mkdirSync(join(consoleDir, "assets"));
  writeFileSync(join(consoleDir, "index.html"), '<!doctype html><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(consoleDir, "assets", "app.js"), "export {};");
  app = await buildTestServer(testApp.db, testApp.usageQueue, testApp.ratingSweepQueue, {
    loginLimiter: testApp.loginLimiter,
    consoleDistDir: consoleDir,
  });
  httpsApp = await buildTestServer(testApp.db, testApp.usageQueue, testApp.ratingSweepQueue, {
    loginLimiter: testApp.loginLimiter,
    consoleDistDir: consoleDir,
    cookieSecure: true,
  });
});

afterAll(async () => {
  await app.close();
  await httpsApp.close();
  await testApp.close();
  rmSync(consoleDir, { recursive: true, force: true });
});

function directives(response: LightMyRequestResponse): Map<string, string> {
  const header = response.headers["content-security-policy"] ?? "";
  return new Map(
    header
      .split(";")
      .map((part) => part.trim())
      .filter((part) => part !== "")
      .map((part) => {
        const [name = "", ...values] = part.split(/\s+/);
        return [name, values.join(" ")];
      }),
  );
}

function expectCommonHeaders(response: LightMyRequestResponse): void {
  expect(response.headers["x-content-type-options"]).toBe("nosniff");
  expect(response.headers["referrer-policy"]).toBe("no-referrer");
  expect(response.headers["x-frame-options"]).toBe("DENY");
  const csp = directives(response);
  expect(csp.get("frame-ancestors")).toBe("'none'");
  expect(csp.get("default-src")).toBe("'self'");
  expect(csp.get("script-src")).toBe("'self'");
  expect(csp.get("style-src")).toBe("'self'");
  // Only <style> elements may be inline (Radix adds them at run time); scripts and style attributes may not.
  expect(csp.get("style-src-elem")).toBe("'self' 'unsafe-inline'");
  expect(csp.get("object-src")).toBe("'none'");
  const unsafe = [...csp].filter(([, value]) => value.includes("unsafe")).map(([name]) => name);
  expect(unsafe).toEqual(["style-src-elem"]);
}

describe("security headers on the api and the console it serves", () => {
  it.each([
    ["the console page", "GET", "/"],
    ["a client-side route", "GET", "/usage"],
    ["a console asset", "GET", "/assets/app.js"],
    ["a tRPC query", "GET", "/trpc/auth.me"],
    ["a REST call without a key (401)", "GET", "/v1/usage/summary"],
    ["an unknown API path (404)", "GET", "/v1/nope"],
    ["a health check", "GET", "/healthz"],
  ] as const)("sets them on %s", async (_label, method, url) => {
    const response = await app.inject({ method, url });
    expect(response.statusCode).toBeLessThan(500);
    expectCommonHeaders(response);
  });

  it("sets them on a refused cross-origin tRPC mutation", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/trpc/auth.logout",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      payload: "{}",
    });
    expect(response.statusCode).toBe(403);
    expectCommonHeaders(response);
  });

  it("sends HSTS and upgrade-insecure-requests only when served over HTTPS (COOKIE_SECURE)", async () => {
    const plain = await app.inject({ url: "/" });
    expect(plain.headers["strict-transport-security"]).toBeUndefined();
    expect(directives(plain).has("upgrade-insecure-requests")).toBe(false);
    const secure = await httpsApp.inject({ url: "/" });
    expect(secure.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    expect(directives(secure).has("upgrade-insecure-requests")).toBe(true);
  });
});

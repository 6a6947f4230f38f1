import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestServer, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

let testApp: ApiTestApp;
let consoleDir: string;
let app: FastifyInstance;

beforeAll(async () => {
  testApp = await startApiTestApp();
  // A stand-in for the Vite build, rewritten below as `npm run build -w @tollgate/console` does while the api runs.
  consoleDir = mkdtempSync(join(tmpdir(), "tollgate-console-"));
  mkdirSync(join(consoleDir, "assets"));
  writeFileSync(
    join(consoleDir, "index.html"),
    '<!doctype html><script type="module" src="/assets/app-1.js"></script>',
  );
  writeFileSync(join(consoleDir, "assets", "app-1.js"), "export const build = 1;");
  app = await buildTestServer(testApp.db, testApp.usageQueue, testApp.ratingSweepQueue, {
    loginLimiter: testApp.loginLimiter,
    consoleDistDir: consoleDir,
  });
});

afterAll(async () => {
  await app.close();
  await testApp.close();
  rmSync(consoleDir, { recursive: true, force: true });
});

describe("the console served by the api", () => {
  it("serves the build's page for client-side routes and its assets as scripts", async () => {
    for (const url of ["/", "/usage", "/admin/plans/1e0c7d1e-5a8b-4f55-8d1b-0a4b5c6d7e8f?tab=rates"]) {
      const page = await app.inject({ url });
      expect(page.statusCode).toBe(200);
      expect(page.headers["content-type"]).toMatch(/^text\/html/);
      expect(page.body).toContain("/assets/app-1.js");
    }
    const asset = await app.inject({ url: "/assets/app-1.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toMatch(/javascript/);
  });

  it("answers a missing asset with a 404, never with index.html (which left the page blank)", async () => {
    for (const url of ["/assets/app-2.js", "/assets/app-2.css?v=1", "/favicon.ico", "/assets/"]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers["content-type"] ?? "", url).not.toMatch(/text\/html/);
      expect(response.body, url).not.toContain("<!doctype html>");
    }
    const api = await app.inject({ url: "/v1/nope" });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("does not serve files outside the build", async () => {
    // Dot segments are resolved by URL parsing (to /etc/passwd: a client route, so the page); encoded slashes reach
    // the file server, which refuses a path leaving its root.
    for (const url of [
      "/assets/../../etc/passwd",
      "/assets/%2e%2e/%2e%2e/etc/passwd",
      "/assets/..%2f..%2fetc%2fpasswd",
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBeLessThan(500);
      expect(response.body, url).not.toContain("root:");
    }
    const encoded = await app.inject({ url: "/assets/..%2f..%2fetc%2fpasswd" });
    expect(encoded.statusCode).toBeGreaterThanOrEqual(400);
  });

  it("picks up a rebuild while it runs: the new page and its new assets, without a restart", async () => {
    writeFileSync(join(consoleDir, "assets", "app-2.js"), "export const build = 2;");
    writeFileSync(
      join(consoleDir, "index.html"),
      '<!doctype html><script type="module" src="/assets/app-2.js"></script>',
    );
    rmSync(join(consoleDir, "assets", "app-1.js"));
    const page = await app.inject({ url: "/usage" });
    expect(page.body).toContain("/assets/app-2.js");
    const asset = await app.inject({ url: "/assets/app-2.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toMatch(/javascript/);
    expect(asset.body).toBe("export const build = 2;");
    // The old build's asset, registered at start, is gone from disk: a 404 as well, not the page.
    const old = await app.inject({ url: "/assets/app-1.js" });
    expect(old.statusCode).toBe(404);
    expect(old.body).not.toContain("<!doctype html>");
  });
});

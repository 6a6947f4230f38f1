import { createUser } from "@tollgate/use-cases/accounts";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestServer, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

const EMAIL = "admin@csrf.example";
const PASSWORD = "password-1";
// app.inject sends Host: localhost:80, so that is the api's own origin here.
const OWN_ORIGIN = "http://localhost:80";
const CONSOLE_ORIGIN = "https://console.example.com";

let testApp: ApiTestApp;
let app: FastifyInstance;
let withConsoleOrigin: FastifyInstance;

beforeAll(async () => {
  testApp = await startApiTestApp();
  app = testApp.app;
  withConsoleOrigin = await buildTestServer(testApp.db, testApp.usageQueue, testApp.ratingSweepQueue, {
    loginLimiter: testApp.loginLimiter,
    consoleOrigins: [CONSOLE_ORIGIN],
  });
  const tenant = await testApp.db.tenant.create({ data: { name: "Csrf Co", slug: "csrf-co" } });
  await createUser(testApp.db, {
    email: EMAIL,
    name: "C",
    password: PASSWORD,
    role: "tenant_admin",
    tenantId: tenant.id,
  });
});

afterAll(async () => {
  await withConsoleOrigin.close();
  await testApp.close();
});

async function signIn(): Promise<string> {
  const login = await app.inject({
    method: "POST",
    url: "/trpc/auth.login",
    headers: { "content-type": "application/json" },
    payload: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  expect(login.statusCode).toBe(200);
  return String(login.headers["set-cookie"]).split(";")[0] ?? "";
}

async function signedInEmail(server: FastifyInstance, cookie: string): Promise<unknown> {
  const me = await server.inject({ url: "/trpc/auth.me", headers: { cookie } });
  return me.json<{ result: { data: { email: string } | null } }>().result.data?.email ?? null;
}

function logout(server: FastifyInstance, cookie: string, headers: Record<string, string>, payload = "{}") {
  return server.inject({ method: "POST", url: "/trpc/auth.logout", headers: { cookie, ...headers }, payload });
}

const MULTIPART_BOUNDARY = "----tollgate-csrf";
const MULTIPART_BODY = `--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--${MULTIPART_BOUNDARY}--\r\n`;

describe("tRPC CSRF defence", () => {
  it("refuses a cross-origin multipart/form-data POST to auth.logout: the session stays valid", async () => {
    const cookie = await signIn();
    const response = await logout(
      app,
      cookie,
      {
        "content-type": `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`,
        origin: "https://evil.example",
        "sec-fetch-site": "cross-site",
      },
      MULTIPART_BODY,
    );
    expect([403, 415]).toContain(response.statusCode);
    expect(response.headers["set-cookie"]).toBeUndefined();
    expect(await signedInEmail(app, cookie)).toBe(EMAIL);
  });

  it.each([
    ["multipart/form-data", `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`, MULTIPART_BODY],
    ["text/plain", "text/plain", "{}"],
    ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded", "a=1"],
    ["application/octet-stream", "application/octet-stream", "{}"],
  ])("answers a same-origin %s mutation with 415 and changes nothing", async (_label, contentType, body) => {
    const cookie = await signIn();
    const response = await logout(app, cookie, { "content-type": contentType, origin: OWN_ORIGIN }, body);
    expect(response.statusCode).toBe(415);
    expect(await signedInEmail(app, cookie)).toBe(EMAIL);
  });

  it.each([
    ["another origin", { origin: "https://evil.example" }],
    ["the same host on another port", { origin: "http://localhost:4000" }],
    ['Origin "null"', { origin: "null" }],
    ["no Origin but Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
  ])("answers a JSON mutation from %s with 403 and changes nothing", async (_label, headers) => {
    const cookie = await signIn();
    const response = await logout(app, cookie, { "content-type": "application/json", ...headers });
    expect(response.statusCode).toBe(403);
    expect(await signedInEmail(app, cookie)).toBe(EMAIL);
  });

  it.each([
    ["its own origin", { origin: OWN_ORIGIN, "sec-fetch-site": "same-origin" }],
    ["no Origin (a non-browser client)", {}],
  ])("accepts a JSON mutation from %s", async (_label, headers) => {
    const cookie = await signIn();
    const response = await logout(app, cookie, { "content-type": "application/json; charset=utf-8", ...headers });
    expect(response.statusCode).toBe(200);
    expect(await signedInEmail(app, cookie)).toBeNull();
  });

  it("accepts an origin from CONSOLE_ORIGINS and refuses it when it is not listed", async () => {
    const cookie = await signIn();
    const headers = { "content-type": "application/json", origin: CONSOLE_ORIGIN, "sec-fetch-site": "cross-site" };
    expect((await logout(app, cookie, headers)).statusCode).toBe(403);
    expect((await logout(withConsoleOrigin, cookie, headers)).statusCode).toBe(200);
    expect(await signedInEmail(app, cookie)).toBeNull();
  });

  it("leaves queries (GET) alone", async () => {
    const cookie = await signIn();
    const me = await app.inject({
      url: "/trpc/auth.me",
      headers: { cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(me.statusCode).toBe(200);
  });
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { call, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

let testApp: ApiTestApp;

beforeAll(async () => {
  testApp = await startApiTestApp();
  const { app, db } = testApp;
  await db.tenant.create({ data: { name: "Taken", slug: "taken" } });
  // Routes that let a database error through, as a route whose schema missed a case would: the server's error
  // handler, not the route, must make them 4xx.
  app.post("/test/duplicate-slug", async () => db.tenant.create({ data: { name: "x", slug: "taken" } }));
  app.post("/test/nul-name", async () => db.tenant.create({ data: { name: "a\u0000b", slug: "nul" } }));
  app.post("/test/bad-uuid", async () => db.tenant.findMany({ where: { id: "not-a-uuid" } }));
});

afterAll(async () => {
  await testApp.close();
});

it.each([
  ["/test/duplicate-slug", 409, "conflict"],
  ["/test/nul-name", 400, "bad_request"],
  ["/test/bad-uuid", 400, "bad_request"],
])("the REST error handler maps the database error of %s to %i", async (url, status, code) => {
  const response = await call(testApp.app, "POST", url, null);
  expect(response).toMatchObject({ status, body: { error: { code } } });
  expect(JSON.stringify(response.body)).not.toMatch(/invocation|at .*\.js/);
});

it("a path that is not valid percent-encoded UTF-8 is a 400 in the usual error shape", async () => {
  const response = await call(testApp.app, "GET", "/v1/admin/tenants/%ED%A0%80/budgets", null);
  expect(response).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
});

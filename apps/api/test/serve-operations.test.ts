import { randomUUID } from "node:crypto";
import { createApiKey } from "@tollgate/use-cases/api-keys";
import { AppError } from "@tollgate/domain";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restError } from "../src/rest/serve-operations.ts";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

// The REST adapter over the operation catalog (apps/api/src/rest/serve-operations.ts).

let testApp: ApiTestApp;
let tenantId = "";

beforeAll(async () => {
  testApp = await startApiTestApp();
  tenantId = (await testApp.db.tenant.create({ data: { name: "Adapter", slug: "adapter" } })).id;
});

afterAll(async () => {
  await testApp.close();
});

const budgets = () => `/v1/admin/tenants/${tenantId}/budgets`;

describe("serveOperations", () => {
  it("answers with the operation's status: 201 with the body, 204 with none", async () => {
    const created = await call<{ id: string; tenant_id: string }>(testApp.app, "POST", budgets(), OPERATOR_KEY, {
      scope: "tenant",
      amount: "10",
      currency: "USD",
    });
    expect(created.status).toBe(201);
    expect(created.body.tenant_id).toBe(tenantId);
    const deleted = await testApp.app.inject({
      method: "DELETE",
      url: `${budgets()}/${created.body.id}`,
      headers: { authorization: `Bearer ${OPERATOR_KEY}` },
    });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe("");
  });

  it("names where a validation problem is: path, body or query", async () => {
    const badPath = await call(testApp.app, "POST", "/v1/admin/tenants/not-a-uuid/budgets", OPERATOR_KEY, {});
    expect(badPath).toEqual({
      status: 400,
      body: { error: { code: "bad_request", message: "tenantId: must be a tenant id (uuid)" } },
    });
    const badBody = await call(testApp.app, "POST", budgets(), OPERATOR_KEY, [1]);
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.message).toMatch(/^body: /);
    const badQuery = await call(testApp.app, "DELETE", `${budgets()}/${randomUUID()}?bogus=1`, OPERATOR_KEY);
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toMatch(/^query: /);
  });

  it("decides access before validating: 401 without a key, 403 for a tenant key, whatever the body", async () => {
    expect((await call(testApp.app, "POST", budgets(), null, [1])).status).toBe(401);
    const { plaintext } = await createApiKey(testApp.db, { tenantId, name: "tenant", scopes: ["read"] });
    expect((await call(testApp.app, "POST", budgets(), plaintext, [1])).status).toBe(403);
  });

  it("renders the AppError behind a tRPC error in the REST shape", async () => {
    const missing = await call(testApp.app, "PATCH", `${budgets()}/${randomUUID()}`, OPERATOR_KEY, {
      hard_limit: true,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    const cause = new AppError("conflict", "taken");
    expect(restError(new TRPCError({ code: "CONFLICT", message: "taken", cause }))).toBe(cause);
  });
});

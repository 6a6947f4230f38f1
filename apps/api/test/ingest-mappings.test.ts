import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

interface Mapping {
  id: string;
  tenant_id: string;
  source: "lago" | "stripe";
  key: string;
  config: Record<string, unknown>;
}

let testApp: ApiTestApp;
let keys: TenantKeys;

beforeAll(async () => {
  testApp = await startApiTestApp();
  keys = await createTenantKeys(testApp.db);
});

afterAll(async () => {
  await testApp.close();
});

const mappingsOf = (tenantId: string) => `/v1/admin/tenants/${tenantId}/ingest-mappings`;
const lagoConfig = { model: { property: "model" }, tokens: { input: "input_tokens", output: "output_tokens" } };

function request(method: "GET" | "PUT" | "DELETE", url: string, key: string | null, body?: unknown) {
  return testApp.app.inject({
    method,
    url,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { payload: JSON.stringify(body) } : {}),
  });
}

describe("ingest mapping admin endpoints", () => {
  it("creates, replaces, lists and deletes a tenant's mappings with an operator key", async () => {
    const created = await request("PUT", `${mappingsOf(keys.tenantA)}/lago/llm_usage`, OPERATOR_KEY, {
      config: lagoConfig,
    });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({
      tenant_id: keys.tenantA,
      source: "lago",
      key: "llm_usage",
      config: lagoConfig,
    });
    const replaced = await request("PUT", `${mappingsOf(keys.tenantA)}/lago/llm_usage`, keys.adminKey, {
      config: { model: { value: "openai/gpt-5" }, tokens: { output: "tokens" } },
    });
    expect(replaced.json<Mapping>().id).toBe(created.json<Mapping>().id);
    const stripe = await request("PUT", `${mappingsOf(keys.tenantA)}/stripe/llm_input_tokens`, OPERATOR_KEY, {
      config: { model: { property: "model" }, token_type: "input" },
    });
    expect(stripe.json<Mapping>().config).toMatchObject({ value_key: "value", customer_key: "stripe_customer_id" });

    const listed = await request("GET", `${mappingsOf(keys.tenantA)}?source=lago`, OPERATOR_KEY);
    expect(listed.json<{ mappings: Mapping[] }>().mappings.map((mapping) => mapping.config)).toEqual([
      { model: { value: "openai/gpt-5" }, tokens: { output: "tokens" } },
    ]);
    const deleted = await request("DELETE", `${mappingsOf(keys.tenantA)}/${stripe.json<Mapping>().id}`, OPERATOR_KEY);
    expect(deleted.statusCode).toBe(204);
    const after = await request("GET", mappingsOf(keys.tenantA), OPERATOR_KEY);
    expect(after.json<{ mappings: Mapping[] }>().mappings.map((mapping) => mapping.key)).toEqual(["llm_usage"]);
  });

  it("keeps tenants apart: one tenant's mappings are not listed or deletable under another", async () => {
    const [mapping] = (await request("GET", mappingsOf(keys.tenantA), OPERATOR_KEY)).json<{ mappings: Mapping[] }>()
      .mappings;
    if (!mapping) throw new Error("tenant A has a mapping");
    expect((await request("GET", mappingsOf(keys.tenantB), OPERATOR_KEY)).json()).toEqual({ mappings: [] });
    const crossDelete = await request("DELETE", `${mappingsOf(keys.tenantB)}/${mapping.id}`, OPERATOR_KEY);
    expect(crossDelete.statusCode).toBe(404);
    expect(
      (await request("GET", mappingsOf(keys.tenantA), OPERATOR_KEY)).json<{ mappings: Mapping[] }>().mappings,
    ).toHaveLength(1);
  });

  it.each([
    ["no key", null, 401],
    ["a tenant key", "keyA", 403],
  ] as const)("refuses %s", async (_label, key, status) => {
    const presented = key === "keyA" ? keys.keyA : key;
    const list = await request("GET", mappingsOf(keys.tenantA), presented);
    const put = await request("PUT", `${mappingsOf(keys.tenantA)}/lago/sneaky`, presented, { config: lagoConfig });
    expect([list.statusCode, put.statusCode]).toEqual([status, status]);
    const listed = (await request("GET", mappingsOf(keys.tenantA), OPERATOR_KEY)).json<{ mappings: Mapping[] }>();
    expect(listed.mappings.map((mapping) => mapping.key)).not.toContain("sneaky");
  });

  it.each([
    ["an invalid config", `/lago/x`, { config: { model: { value: "m" }, tokens: {} } }, 400, "tokens"],
    ["an unknown source", `/openmeter/x`, { config: lagoConfig }, 400, "source"],
    ["a body without config", `/lago/x`, { model: "m" }, 400, "config"],
  ] as const)("answers %s with a 4xx naming the field", async (_label, path, body, status, field) => {
    const response = await request("PUT", `${mappingsOf(keys.tenantB)}${path}`, OPERATOR_KEY, body);
    expect(response.statusCode).toBe(status);
    expect(response.json<{ error: { message: string } }>().error.message).toContain(field);
  });

  it("answers 404 for a tenant that does not exist and 400 for a malformed tenant id", async () => {
    const missing = await request("PUT", `${mappingsOf("00000000-0000-4000-8000-000000000000")}/lago/x`, OPERATOR_KEY, {
      config: lagoConfig,
    });
    expect(missing.statusCode).toBe(404);
    expect((await request("GET", mappingsOf("not-a-uuid"), OPERATOR_KEY)).statusCode).toBe(400);
  });

  it("is documented in /openapi.json", async () => {
    const doc = (await testApp.app.inject({ url: "/openapi.json" })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/admin/tenants/{tenantId}/ingest-mappings",
        "/v1/admin/tenants/{tenantId}/ingest-mappings/{source}/{key}",
        "/v1/admin/tenants/{tenantId}/ingest-mappings/{id}",
      ]),
    );
  });
});

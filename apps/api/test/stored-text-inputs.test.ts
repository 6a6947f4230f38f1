import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

let testApp: ApiTestApp;
let tenantId = "";
let planId = "";

beforeAll(async () => {
  testApp = await startApiTestApp();
  tenantId = (await testApp.db.tenant.create({ data: { name: "Text", slug: "text" } })).id;
  planId = (await testApp.db.plan.create({ data: { code: "text", name: "Text" } })).id;
});

afterAll(async () => {
  await testApp.close();
});

const NUL = "a\u0000b";
const LONE = "a\ud800b";
type Method = "POST" | "PUT";
/** [what, method, url, body] for one admin field that is stored in Postgres, holding `bad`. */
const fields = (bad: string, inPath: string): [string, Method, () => string, unknown][] => [
  ["tenant name", "POST", () => "/v1/admin/tenants", { name: bad }],
  ["plan name", "POST", () => "/v1/admin/plans", { code: "p-name", name: bad }],
  ["plan description", "POST", () => "/v1/admin/plans", { code: "p-desc", name: "P", description: bad }],
  ["optional reason", "POST", () => "/v1/admin/plans", { code: "p-reason", name: "P", reason: bad }],
  [
    "required reason",
    "POST",
    () => `/v1/admin/tenants/${tenantId}/overrides`,
    { starts_at: "2026-01-01T00:00:00Z", discount_percent: "5", reason: bad },
  ],
  [
    "catalog model id",
    "POST",
    () => "/v1/admin/models",
    { id: `acme/${bad}`, provider: "acme", display_name: "X", reason: "r" },
  ],
  [
    "model display name",
    "POST",
    () => "/v1/admin/models",
    { id: "acme/x", provider: "acme", display_name: bad, reason: "r" },
  ],
  [
    "alias glob",
    "POST",
    () => "/v1/admin/models",
    { id: "acme/y", provider: "acme", display_name: "Y", aliases: [`${bad}*`], reason: "r" },
  ],
  [
    "plan rate model id",
    "POST",
    () => `/v1/admin/plans/${planId}/versions`,
    {
      currency: "USD",
      effective_from: "2026-01-01T00:00:00Z",
      pricing: {},
      rates: [{ model_id: bad, token_type: "input", price_per_million: "1" }],
    },
  ],
  [
    "override model glob",
    "POST",
    () => `/v1/admin/tenants/${tenantId}/overrides`,
    { starts_at: "2026-01-01T00:00:00Z", model_rates: { [`${bad}*`]: { input: "1" } }, reason: "r" },
  ],
  [
    "budget scope_ref",
    "POST",
    () => `/v1/admin/tenants/${tenantId}/budgets`,
    { scope: "customer", scope_ref: bad, amount: "10", currency: "USD" },
  ],
  [
    "mapping key",
    "PUT",
    () => `/v1/admin/tenants/${tenantId}/ingest-mappings/lago/${inPath}`,
    { config: { model: { value: "openai/gpt-5" }, tokens: { input: "in" } } },
  ],
  [
    "mapping config value",
    "PUT",
    () => `/v1/admin/tenants/${tenantId}/ingest-mappings/lago/code`,
    { config: { model: { value: bad }, tokens: { input: "in" } } },
  ],
  [
    "mapping config key, deep inside",
    "PUT",
    () => `/v1/admin/tenants/${tenantId}/ingest-mappings/stripe/code`,
    { config: { model: { value: "m" }, token_type: "input", extra: { deeper: [{ [bad]: 1 }] } } },
  ],
];

describe("admin text fields refuse what Postgres cannot store faithfully", () => {
  // A lone surrogate has no UTF-8 form: in a path it arrives as the bytes of its would-be encoding.
  for (const [label, bad, inPath] of [
    ["NUL", NUL, "a%00b"],
    ["a lone surrogate", LONE, "a%ED%A0%80b"],
  ] as const) {
    it.each(fields(bad, inPath))(`${label} in the %s: 400, nothing stored`, async (_what, method, url, body) => {
      const before = await testApp.db.auditLog.count();
      const response = await call(testApp.app, method, url(), OPERATOR_KEY, body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("bad_request");
      expect(await testApp.db.auditLog.count()).toBe(before);
    });
  }
});

describe("admin decimals", () => {
  const percentOf = (discount: unknown) => ({
    starts_at: "2026-01-01T00:00:00Z",
    discount_percent: discount,
    reason: "r",
  });
  it.each(["0.1.2", " 1", "1 ", "1,5", "１", "", "-1", "1e2", "+1", ".5", "5.", "NaN", "Infinity", "0x10", "101"])(
    "discount_percent %j is a 400 naming the field",
    async (value) => {
      const response = await call(
        testApp.app,
        "POST",
        `/v1/admin/tenants/${tenantId}/overrides`,
        OPERATOR_KEY,
        percentOf(value),
      );
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain("discount_percent");
    },
  );

  it.each(["0.1.2", " 1", "1,5", "１", ""])("budget and credit grant amount %j is a 400", async (value) => {
    const budget = await call(testApp.app, "POST", `/v1/admin/tenants/${tenantId}/budgets`, OPERATOR_KEY, {
      scope: "tenant",
      amount: value,
      currency: "USD",
    });
    expect(budget.status).toBe(400);
    const grant = await call(testApp.app, "POST", `/v1/admin/tenants/${tenantId}/credit-grants`, OPERATOR_KEY, {
      kind: "paid",
      amount: value,
      currency: "USD",
      reason: "r",
    });
    expect(grant.status).toBe(400);
  });

  it("a valid percentage still works", async () => {
    const response = await call(
      testApp.app,
      "POST",
      `/v1/admin/tenants/${tenantId}/overrides`,
      OPERATOR_KEY,
      percentOf("12.5"),
    );
    expect(response.status).toBe(201);
  });
});

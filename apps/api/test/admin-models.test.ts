import { loadPriceCatalog, priceDatasetSource, seedCatalog } from "@tollgate/use-cases/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp, type ErrorResponse } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

interface CostRate {
  price_per_million: string;
  effective_from: string;
  source: string;
}
interface Model {
  id: string;
  provider: string;
  display_name: string;
  aliases: string[];
  cost_rates: Partial<Record<string, CostRate>>;
  cost_rate_history?: (CostRate & { token_type: string })[];
}

let testApp: ApiTestApp;
let keys: TenantKeys;

beforeAll(async () => {
  testApp = await startApiTestApp();
  keys = await createTenantKeys(testApp.db);
  // A small slice of the real catalog: the seed's rows for a few OpenAI and Anthropic models.
  const catalog = await loadPriceCatalog(new Date());
  const slice = catalog.filter((model) => /^(openai|anthropic)\//.test(model.id));
  await seedCatalog(testApp.db, slice, priceDatasetSource());
});

afterAll(async () => {
  await testApp.close();
});

const modelPath = (id: string) => `/v1/admin/models/${encodeURIComponent(id)}`;

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- as call<T>: the caller names the shape
async function request<T = ErrorResponse>(
  method: "GET" | "POST" | "PATCH",
  url: string,
  key: string | null,
  body?: unknown,
) {
  return call<T>(testApp.app, method, url, key, body);
}

const auditOf = (targetId: string) =>
  testApp.db.auditLog.findMany({ where: { targetType: "model", targetId }, orderBy: { id: "asc" } });

describe("GET /v1/admin/models", () => {
  it("lists seeded models with their current cost rates, filtered and paged", async () => {
    const page = await request<{ models: Model[]; next_cursor: string | null }>(
      "GET",
      "/v1/admin/models?provider=openai&search=gpt-4o&limit=2",
      OPERATOR_KEY,
    );
    expect(page.status).toBe(200);
    expect(page.body.models).toHaveLength(2);
    for (const model of page.body.models) {
      expect(model.provider).toBe("openai");
      expect(model.id.toLowerCase()).toContain("gpt-4o");
    }
    const all = await request<{ models: Model[] }>("GET", "/v1/admin/models?search=GPT-4O&limit=500", OPERATOR_KEY);
    const gpt4o = all.body.models.find((model) => model.id === "openai/gpt-4o");
    expect(gpt4o?.cost_rates.input).toEqual({
      price_per_million: "2.5",
      effective_from: "1970-01-01T00:00:00.000Z",
      source: priceDatasetSource(),
    });
    expect(gpt4o?.aliases).toContain("gpt-4o-2024-08-06");
    expect(page.body.next_cursor).not.toBeNull();

    const next = await request<{ models: Model[] }>(
      "GET",
      `/v1/admin/models?provider=openai&search=gpt-4o&limit=2&cursor=${page.body.next_cursor ?? ""}`,
      OPERATOR_KEY,
    );
    expect(next.status).toBe(200);
    expect(next.body.models[0]!.id > page.body.models[1]!.id).toBe(true);
  });

  it("finds a model by one of its exact aliases", async () => {
    const found = await request<{ models: Model[] }>("GET", "/v1/admin/models?search=gpt-4o-2024-08-06", OPERATOR_KEY);
    expect(found.body.models.map((model) => model.id)).toContain("openai/gpt-4o");
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=abc", "limit"],
    ["provider=Not%20A%20Provider", "provider"],
    ["cursor=%25%25%25", "cursor"],
    ["color=blue", "color"],
  ])("answers ?%s with a 400 naming the field", async (query, field) => {
    const response = await request("GET", `/v1/admin/models?${query}`, OPERATOR_KEY);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(field);
  });
});

describe("GET /v1/admin/models/{id}", () => {
  it("returns one model with its cost-rate history (dated dataset prices as rows)", async () => {
    const o3 = await request<Model>("GET", modelPath("openai/o3"), OPERATOR_KEY);
    expect(o3.status).toBe(200);
    const inputHistory = o3.body.cost_rate_history!.filter((rate) => rate.token_type === "input");
    expect(inputHistory.map((rate) => [rate.effective_from, rate.price_per_million])).toEqual([
      ["1970-01-01T00:00:00.000Z", "10"],
      ["2025-06-10T00:00:00.000Z", "2"],
    ]);
    expect(o3.body.cost_rates.input?.price_per_million).toBe("2");
  });

  it("answers 404 for an unknown id", async () => {
    expect((await request("GET", modelPath("openai/nope"), OPERATOR_KEY)).status).toBe(404);
  });
});

describe("POST /v1/admin/models", () => {
  const body = {
    id: "acme/house-model-1",
    provider: "acme",
    display_name: "House Model 1",
    aliases: ["house-model-1", "house-model-1-*"],
    cost_rates: { effective_from: "2026-01-01T00:00:00Z", rates: { input: "0.30", output: "1.2" } },
    reason: "our own fine-tune, hosted in-house",
  };

  it("creates a model with aliases and first rates, audited with the operator and reason", async () => {
    const created = await request<Model>("POST", "/v1/admin/models", keys.adminKey, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: body.id, provider: "acme", display_name: "House Model 1" });
    expect(created.body.aliases).toEqual(body.aliases);
    expect(created.body.cost_rates).toEqual({
      input: { price_per_million: "0.3", effective_from: "2026-01-01T00:00:00.000Z", source: "operator" },
      output: { price_per_million: "1.2", effective_from: "2026-01-01T00:00:00.000Z", source: "operator" },
    });
    const [entry, ...rest] = await auditOf(body.id);
    expect(rest).toHaveLength(0);
    expect(entry).toMatchObject({ action: "model.create", reason: body.reason, before: null });
    expect(entry!.actor).toMatch(/^api_key:/);
    expect(entry!.after).toMatchObject({ id: body.id, aliases: body.aliases });
  });

  it.each([
    ["an existing id", { ...body }, 409, "already exists"],
    ["an exact alias another model has", { ...body, id: "acme/other", aliases: ["gpt-4o-2024-08-06"] }, 409, "aliases"],
    ["an alias that is another model's id", { ...body, id: "acme/other", aliases: ["openai/gpt-4o"] }, 409, "aliases"],
    ["an id without its provider prefix", { ...body, id: "other/house" }, 400, "id"],
    ["no reason", { ...body, id: "acme/x", reason: "  " }, 400, "reason"],
    ["a float price", { ...body, id: "acme/x", cost_rates: { rates: { input: 0.3 } } }, 400, "cost_rates.rates.input"],
    ["a negative price", { ...body, id: "acme/x", cost_rates: { rates: { input: "-1" } } }, 400, "input"],
    ["an unknown token type", { ...body, id: "acme/x", cost_rates: { rates: { audio: "1" } } }, 400, "audio"],
    ["no rates at all", { ...body, id: "acme/x", cost_rates: { rates: {} } }, 400, "cost_rates.rates"],
    ["an alias with whitespace", { ...body, id: "acme/x", aliases: ["a b"] }, 400, "aliases.0"],
    [
      "a bad effective_from",
      { ...body, id: "acme/x", cost_rates: { effective_from: "yesterday", rates: { input: "1" } } },
      400,
      "effective_from",
    ],
    ["an unknown field", { ...body, id: "acme/x", colour: "red" }, 400, "colour"],
  ])("refuses %s with a 4xx naming the problem and changes nothing", async (_label, payload, status, text) => {
    const models = await testApp.db.model.count();
    const audit = await testApp.db.auditLog.count();
    const response = await request("POST", "/v1/admin/models", OPERATOR_KEY, payload);
    expect(response.status).toBe(status);
    expect(response.body.error.message).toContain(text);
    expect([await testApp.db.model.count(), await testApp.db.auditLog.count()]).toEqual([models, audit]);
  });
});

describe("PATCH /v1/admin/models/{id}", () => {
  it("changes display name and aliases, with before and after in the audit log", async () => {
    const stored = await testApp.db.model.findUniqueOrThrow({ where: { id: "openai/gpt-4.1" } });
    const updated = await request<Model>("PATCH", modelPath("openai/gpt-4.1"), OPERATOR_KEY, {
      display_name: "GPT-4.1 (house name)",
      aliases: ["openai/gpt-4.1-*", "gpt-4.1-*", "my-gpt"],
      reason: "tidy aliases",
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      display_name: "GPT-4.1 (house name)",
      aliases: ["openai/gpt-4.1-*", "gpt-4.1-*", "my-gpt"],
    });
    const entries = await auditOf("openai/gpt-4.1");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "model.update",
      reason: "tidy aliases",
      actor: expect.stringMatching(/^api_key:/) as unknown,
    });
    expect(entries[0]!.before).toEqual({ displayName: stored.displayName, aliases: stored.aliases });
    expect(stored.aliases).toContain("gpt-4.1-2025-04-14");
    expect(entries[0]!.after).toEqual({
      displayName: "GPT-4.1 (house name)",
      aliases: ["openai/gpt-4.1-*", "gpt-4.1-*", "my-gpt"],
    });
  });

  it.each([
    ["an unknown model", "openai/nope", { display_name: "x", reason: "r" }, 404, "no model"],
    ["nothing to change", "openai/gpt-4.1", { reason: "r" }, 400, "display_name"],
    ["an empty display name", "openai/gpt-4.1", { display_name: "", reason: "r" }, 400, "display_name"],
    ["no reason", "openai/gpt-4.1", { display_name: "x" }, 400, "reason"],
    ["a taken exact alias", "openai/gpt-4.1", { aliases: ["gpt-4o-2024-08-06"], reason: "r" }, 409, "gpt-4o"],
  ])("refuses %s with a 4xx and changes nothing", async (_label, id, payload, status, text) => {
    const before = await testApp.db.model.findUnique({ where: { id } });
    const audit = await testApp.db.auditLog.count();
    const response = await request("PATCH", modelPath(id), OPERATOR_KEY, payload);
    expect(response.status).toBe(status);
    expect(response.body.error.message).toContain(text);
    expect(await testApp.db.model.findUnique({ where: { id } })).toEqual(before);
    expect(await testApp.db.auditLog.count()).toBe(audit);
  });
});

describe("POST /v1/admin/models/{id}/cost-rates", () => {
  const id = "anthropic/claude-sonnet-4-5";
  const path = `${modelPath(id)}/cost-rates`;
  const future = "2099-01-01T00:00:00.000Z";

  it("adds a dated change, audited with the prices it supersedes", async () => {
    const response = await request<{ model: Model; created: unknown[] }>("POST", path, OPERATOR_KEY, {
      effective_from: future,
      rates: { input: "2.75", output: "13.5" },
      reason: "provider price cut announced",
    });
    expect(response.status).toBe(201);
    expect(response.body.created).toEqual([
      { token_type: "input", price_per_million: "2.75", effective_from: future, source: "operator" },
      { token_type: "output", price_per_million: "13.5", effective_from: future, source: "operator" },
    ]);
    // Scheduled, not yet in force.
    expect(response.body.model.cost_rates.input?.price_per_million).toBe("3");
    const [entry] = await auditOf(id);
    expect(entry).toMatchObject({ action: "model_cost_rates.add", reason: "provider price cut announced" });
    expect(entry!.before).toEqual({ effectiveFrom: future, rates: { input: "3", output: "15" } });
    expect(entry!.after).toEqual({
      effectiveFrom: future,
      rates: { input: "2.75", output: "13.5" },
      source: "operator",
    });
  });

  it("treats the same rates at the same date as a retry: 200, nothing written", async () => {
    const audit = await testApp.db.auditLog.count();
    const response = await request<{ created: unknown[] }>("POST", path, OPERATOR_KEY, {
      effective_from: future,
      rates: { input: "2.750" },
      reason: "retry",
    });
    expect(response.status).toBe(200);
    expect(response.body.created).toEqual([]);
    expect(await testApp.db.auditLog.count()).toBe(audit);
  });

  it("defaults effective_from to now", async () => {
    const before = Date.now();
    const response = await request<{ created: { effective_from: string }[] }>(
      "POST",
      `${modelPath("openai/gpt-4o-mini")}/cost-rates`,
      OPERATOR_KEY,
      {
        rates: { cached_input: "0.07" },
        reason: "cache price correction",
      },
    );
    expect(response.status).toBe(201);
    const at = Date.parse(response.body.created[0]!.effective_from);
    expect(at).toBeGreaterThanOrEqual(before - 5);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it.each([
    [
      "another price at an existing date",
      id,
      { effective_from: future, rates: { input: "2.5" }, reason: "r" },
      409,
      "never rewritten",
    ],
    [
      "a past date before the latest change",
      id,
      { effective_from: "2026-01-01T00:00:00Z", rates: { input: "1" }, reason: "r" },
      409,
      "in the past",
    ],
    ["an unknown model", "anthropic/nope", { rates: { input: "1" }, reason: "r" }, 404, "no model"],
    [
      "a price with too many decimals",
      id,
      { rates: { input: "0.0000000000000000000000000000001" }, reason: "r" },
      400,
      "rates.input",
    ],
    ["a missing reason", id, { rates: { input: "1" } }, 400, "reason"],
    ["a missing rates object", id, { reason: "r" }, 400, "rates"],
  ])("refuses %s with a 4xx and writes nothing", async (_label, modelId, payload, status, text) => {
    const rates = await testApp.db.modelCostRate.count();
    const audit = await testApp.db.auditLog.count();
    const response = await request("POST", `${modelPath(modelId)}/cost-rates`, OPERATOR_KEY, payload);
    expect(response.status).toBe(status);
    expect(response.body.error.message).toContain(text);
    expect([await testApp.db.modelCostRate.count(), await testApp.db.auditLog.count()]).toEqual([rates, audit]);
  });

  it("refuses the whole change when one type is refused", async () => {
    const rates = await testApp.db.modelCostRate.count();
    const response = await request("POST", path, OPERATOR_KEY, {
      effective_from: future,
      rates: { cached_input: "0.25", input: "9" },
      reason: "r",
    });
    expect(response.status).toBe(409);
    expect(await testApp.db.modelCostRate.count()).toBe(rates);
  });
});

describe("access", () => {
  const writes: [string, "POST" | "PATCH", string, unknown][] = [
    ["create", "POST", "/v1/admin/models", { id: "acme/sneaky", provider: "acme", display_name: "x", reason: "r" }],
    ["update", "PATCH", modelPath("openai/gpt-4o"), { display_name: "sneaky", reason: "r" }],
    ["cost rates", "POST", `${modelPath("openai/gpt-4o")}/cost-rates`, { rates: { input: "0" }, reason: "r" }],
  ];

  it.each([
    ["no key", null, 401],
    ["a tenant key", "keyA", 403],
    ["an ingest-only tenant key", "ingestOnly", 403],
  ] as const)("refuses %s on every write and changes nothing", async (_label, which, status) => {
    const key = which === "keyA" ? keys.keyA : which === "ingestOnly" ? keys.ingestOnlyA : null;
    const audit = await testApp.db.auditLog.count();
    for (const [, method, url, body] of writes) {
      expect((await request(method, url, key, body)).status).toBe(status);
    }
    expect(await testApp.db.auditLog.count()).toBe(audit);
    expect(await testApp.db.model.findUnique({ where: { id: "acme/sneaky" } })).toBeNull();
  });

  it("refuses tenant keys on reads too", async () => {
    expect((await request("GET", "/v1/admin/models", keys.keyA)).status).toBe(403);
    expect((await request("GET", modelPath("openai/gpt-4o"), keys.keyA)).status).toBe(403);
  });

  it("is documented in /openapi.json", async () => {
    const doc = (await testApp.app.inject({ url: "/openapi.json" })).json<{ paths: Record<string, object> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/admin/models", "/v1/admin/models/{id}", "/v1/admin/models/{id}/cost-rates"]),
    );
    expect(Object.keys(doc.paths["/v1/admin/models"]!)).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/v1/admin/models/{id}"]!)).toEqual(["get", "patch"]);
  });
});

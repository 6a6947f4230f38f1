import fc from "fast-check";
import type { RouteOptions } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

const routes: { method: string; url: string }[] = [];
let testApp: ApiTestApp;
/** Real ids for path parameters, so bodies are validated too (a bad path is refused before the body is read). */
const existing: Record<string, string> = {};

beforeAll(async () => {
  testApp = await startApiTestApp({
    onRoute: (route: RouteOptions) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    },
  });
  await testApp.app.ready();
  // Rows for the fuzz to (fail to) touch: a tenant with a key, a plan, a catalog model.
  const tenant = await testApp.db.tenant.create({ data: { name: "Fuzz", slug: "fuzz" } });
  const plan = await testApp.db.plan.create({ data: { code: "fuzz", name: "Fuzz" } });
  Object.assign(existing, { tenantId: tenant.id, planId: plan.id, id: "fuzz%2Fmodel", source: "lago" });
  await testApp.db.$executeRaw`INSERT INTO models (id, provider, display_name, updated_at)
                               VALUES ('fuzz/model', 'fuzz', 'Fuzz', now())`;
  await testApp.db.auditLog.create({
    data: { actor: "test", action: "seed", tenantId: tenant.id, targetType: "tenant", targetId: tenant.id },
  });
});

afterAll(async () => {
  await testApp.close();
});

/** The REST routes that take a body or path parameters (tRPC has its own error shape and session auth). */
function fuzzedRoutes() {
  return routes.filter(
    ({ method, url }) =>
      url.startsWith("/v1/") && !["HEAD", "OPTIONS"].includes(method) && (method !== "GET" || url.includes(":")),
  );
}

/** Every table's row count and a digest of all its rows. */
async function tableChecksums(): Promise<Record<string, string>> {
  const tables = await testApp.db.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const sums: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await testApp.db.$queryRawUnsafe<{ sum: string }[]>(
      `SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS sum
       FROM "${name}" t`,
    );
    sums[name] = row?.sum ?? "";
  }
  return sums;
}

const HOSTILE_TEXT = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udc00",
  "\ufffd",
  "'; DROP TABLE tenants; --",
  "../../etc/passwd",
  "x".repeat(5000),
  "",
  " ",
  "__proto__",
  "constructor",
];
const hostileText = fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ unit: "binary", maxLength: 40 }));
const badDecimal = fc.constantFrom("0.1.2", " 1", "1,5", "１", "", "-1", "1e5", "NaN", "Infinity", "9".repeat(80));
const badNumber = fc.constantFrom(-1, 0.5, 1e308, -1e308, 2 ** 64, Number.MAX_SAFE_INTEGER + 2, -0);
const wrongType = fc.constantFrom(null, true, [], {}, 42, "42", [1, 2]);
const badUuid = fc.constantFrom(
  "not-a-uuid",
  "00000000-0000-0000-0000-00000000000g",
  "%00",
  "%ED%A0%80",
  "%FF",
  "x".repeat(300),
  "..",
);
const hostileValue = fc.oneof(hostileText, badDecimal, badNumber, wrongType, badUuid);
/** Nesting far deeper than any schema: every level is an unknown field. */
const deepNesting = fc.integer({ min: 50, max: 2000 }).map((depth) => {
  let value: unknown = "\u0000";
  for (let level = 0; level < depth; level += 1) value = { nested: value };
  return value;
});
const DECIMAL_FIELDS = ["amount", "discount_percent", "spend_cap", "minimum_commitment", "price_per_million"];
const TEXT_FIELDS = ["name", "code", "description", "reason", "display_name", "provider", "scope_ref", "id", "source"];
const OTHER_FIELDS = ["currency", "scope", "starts_at", "ends_at", "effective_from", "kind", "priority", "thresholds"];
/** Nested documents of the admin API (rates, pricing, overrides, mapping configs), every leaf hostile. */
const nestedFields = {
  model_rates: fc.dictionary(hostileText, fc.record({ input: badDecimal }), { minKeys: 1, maxKeys: 2 }),
  pricing: fc.record({ discount_percent: badDecimal, spend_cap: badDecimal, unlisted_models: hostileValue }),
  rates: fc.array(fc.record({ model_id: hostileText, token_type: hostileValue, price_per_million: badDecimal }), {
    maxLength: 3,
  }),
  config: fc.record({ model: fc.record({ value: hostileText }), tokens: fc.record({ input: hostileText }) }),
  cost_rates: fc.record({ rates: fc.record({ input: badDecimal }), source: hostileText }),
  aliases: fc.array(hostileText, { maxLength: 3 }),
  tenant_ids: fc.array(badUuid, { maxLength: 3 }),
};
/** Every field an admin body uses, each present or not, holding a value aimed at its kind. */
const knownFields = fc.record(
  {
    ...Object.fromEntries(DECIMAL_FIELDS.map((field) => [field, fc.oneof(badDecimal, hostileValue)])),
    ...Object.fromEntries(TEXT_FIELDS.map((field) => [field, fc.oneof(hostileText, hostileValue)])),
    ...Object.fromEntries(OTHER_FIELDS.map((field) => [field, hostileValue])),
    ...nestedFields,
  },
  { requiredKeys: [] },
);

/**
 * Always invalid: an object with at least one unknown field (every admin body schema is strict), a JSON value that
 * is no object, or text that is not JSON at all.
 */
const hostileBody = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        known: knownFields,
        unknownKey: hostileText.map((text) => `unknown_${text}`),
        unknownValue: fc.oneof(hostileValue, deepNesting),
      })
      .map(({ known, unknownKey, unknownValue }) => JSON.stringify({ ...known, [unknownKey]: unknownValue })),
  },
  { weight: 1, arbitrary: fc.constantFrom(42, "text", [1], true, -1e308).map((value) => JSON.stringify(value)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("{", '{"name":', "[[[[", "\u0000", '{"name":"\\ud800', "nul\u0000{}", '{"a":1,}'),
  },
);
/** A hostile query: an unknown parameter (every admin query schema is strict) and bad values. */
const hostileQuery = fc
  .tuple(fc.constantFrom("reason", "limit", "offset", "tenant_id", "cursor", "source"), badUuid, hostileText)
  .map(([key, value, junk]) => `?${key}=${value}&unknown=${encodeURIComponent(junk.replace(/[\ud800-\udfff]/g, "x"))}`);

it("≥ 200 hostile requests over the admin route table: every answer a 4xx error, no stack, no table changed", async () => {
  const fuzzed = fuzzedRoutes();
  expect(fuzzed.length).toBeGreaterThan(25);
  const before = await tableChecksums();
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...fuzzed),
      fc.array(fc.oneof(badUuid, fc.constant("real"), fc.uuid()), { minLength: 4, maxLength: 4 }),
      hostileBody,
      hostileQuery,
      async (route, params, body, query) => {
        let index = 0;
        // A GET reads only its path and query: its path stays hostile, or a real id would answer 200.
        const param = (name: string) => {
          const value = params[index++ % params.length] ?? "x";
          if (route.method === "GET" && (value === "real" || /^[0-9a-f-]{36}$/.test(value))) return "%00";
          return value === "real" ? (existing[name] ?? "x") : value;
        };
        const url = route.url.replace(/:(\w+)/g, (_match, name: string) => param(name)) + query;
        const response = await testApp.app.inject({
          method: route.method as "POST",
          url,
          headers: { authorization: `Bearer ${OPERATOR_KEY}`, "content-type": "application/json" },
          ...(route.method === "GET" ? {} : { payload: body }),
        });
        sent += 1;
        const where = `${route.method} ${url} ${body.slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
        expect(response.statusCode, where).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, where).toBeLessThan(500);
        const answer = response.json<{ error?: { code?: unknown; message?: unknown } }>();
        expect(typeof answer.error?.code, where).toBe("string");
        expect(typeof answer.error?.message, where).toBe("string");
        expect(response.body, where).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules|"stack"/);
      },
    ),
    { numRuns: 400 },
  );
  expect(sent).toBeGreaterThanOrEqual(200);
  expect(await tableChecksums()).toEqual(before);
}, 120_000);

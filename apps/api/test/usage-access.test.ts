import { randomUUID } from "node:crypto";
import { createApiKey, revokeApiKey } from "@tollgate/use-cases/api-keys";
import { rebuildDailyRollups } from "@tollgate/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

interface UsageBody {
  tenant_id: string;
  total?: { event_count: string };
  events?: { id: string }[];
}

let testApp: ApiTestApp;
let keys: TenantKeys;
let revokedKey = "";
const RANGE = "from=2026-05-01T00:00:00Z&to=2026-05-02T00:00:00Z";
const ENDPOINTS = ["/v1/usage/summary", "/v1/usage/events"] as const;

/** What each tenant's data looks like through an endpoint, so a leak shows as the other tenant's numbers. */
function seen(endpoint: (typeof ENDPOINTS)[number], body: UsageBody): string {
  return endpoint === "/v1/usage/summary"
    ? `events:${body.total?.event_count ?? "?"}`
    : (body.events?.map((event) => event.id).join(",") ?? "?");
}
const expected = {
  "/v1/usage/summary": { a: "events:2", b: "events:7" },
  "/v1/usage/events": { a: "a-1", b: "b-1,b-2" },
} as const;

beforeAll(async () => {
  testApp = await startApiTestApp();
  const { db } = testApp;
  keys = await createTenantKeys(db);
  const hour = new Date("2026-05-01T10:00:00Z");
  await db.usageRollupHourly.createMany({
    data: [
      { tenantId: keys.tenantA, hour, modelId: "m", eventCount: 2n, inputTokens: 100n, amount: "1.5" },
      { tenantId: keys.tenantB, hour, modelId: "m", eventCount: 7n, inputTokens: 900n, amount: "9" },
    ],
  });
  await rebuildDailyRollups(db);
  const event = (tenantId: string, eventId: string) => ({
    tenantId,
    eventId,
    occurredAt: hour,
    receivedAt: hour,
    modelId: "m",
    ratingStatus: "unrated" as const,
  });
  await db.usageEvent.createMany({
    data: [event(keys.tenantA, "a-1"), event(keys.tenantB, "b-1"), event(keys.tenantB, "b-2")],
  });
  const revoked = await createApiKey(db, { tenantId: keys.tenantA, name: "old", scopes: ["read"] });
  await revokeApiKey(db, revoked.apiKey.id);
  revokedKey = revoked.plaintext;
});

afterAll(async () => {
  await testApp.close();
});

describe.each(ENDPOINTS)("GET %s access", (endpoint) => {
  const get = (key: string | null, tenantId?: string) =>
    call<UsageBody & { error: { code: string } }>(
      testApp.app,
      "GET",
      `${endpoint}?${RANGE}${tenantId ? `&tenant_id=${tenantId}` : ""}`,
      key,
    );

  it("gives each tenant key its own tenant's usage only", async () => {
    const a = await get(keys.keyA);
    expect(a.status).toBe(200);
    expect(a.body.tenant_id).toBe(keys.tenantA);
    expect(seen(endpoint, a.body)).toBe(expected[endpoint].a);
    const b = await get(keys.keyB);
    expect(b.body.tenant_id).toBe(keys.tenantB);
    expect(seen(endpoint, b.body)).toBe(expected[endpoint].b);
    // Naming its own tenant (in any letter case) is allowed.
    const own = await get(keys.keyA, keys.tenantA.toUpperCase());
    expect(seen(endpoint, own.body)).toBe(expected[endpoint].a);
  });

  it("refuses a tenant key that names another tenant with a 403", async () => {
    const response = await get(keys.keyB, keys.tenantA);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("forbidden");
    expect(JSON.stringify(response.body)).not.toContain("a-1");
  });

  it.each([
    ["no key", null, 401],
    ["an unknown key", "tg_nope_0123456789abcdef0123456789abcdef", 401],
    ["a revoked key", "revoked", 401],
    ["a key without the read scope", "ingest-only", 403],
  ] as const)("refuses %s", async (_label, key, status) => {
    const presented = key === "revoked" ? revokedKey : key === "ingest-only" ? keys.ingestOnlyA : key;
    const response = await get(presented);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(status === 401 ? "unauthenticated" : "forbidden");
  });

  it("lets an operator key (env or admin scope) read any tenant it names", async () => {
    for (const key of [OPERATOR_KEY, keys.adminKey]) {
      const a = await get(key, keys.tenantA);
      expect(a.status).toBe(200);
      expect(seen(endpoint, a.body)).toBe(expected[endpoint].a);
      const b = await get(key, keys.tenantB);
      expect(seen(endpoint, b.body)).toBe(expected[endpoint].b);
    }
  });

  it("asks an operator key to name a tenant that exists", async () => {
    const missing = await get(OPERATOR_KEY);
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("bad_request");
    const unknown = await get(OPERATOR_KEY, randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

interface EventsPage {
  error: { code: string; message: string };
  tenant_id: string;
  events: ({ id: string; timestamp: string } & Record<string, unknown>)[];
  next_cursor: string | null;
}

let testApp: ApiTestApp;
let keys: TenantKeys;
const FROM = "2026-04-01T00:00:00Z";
const TO = "2026-04-02T00:00:00Z";
const base = Date.parse(FROM);
const planVersionId = randomUUID();
/** Tenant A's events in range, in the order pages must return them. */
let expectedIds: string[] = [];

const page = (query: string, key = keys.keyA) =>
  call<EventsPage>(testApp.app, "GET", `/v1/usage/events?from=${FROM}&to=${TO}${query}`, key);

async function walk(limit: number, key = keys.keyA, extra = ""): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await page(`&limit=${limit}${extra}${cursor ? `&cursor=${cursor}` : ""}`, key);
    expect(response.status).toBe(200);
    expect(response.body.events.length).toBeLessThanOrEqual(limit);
    ids.push(...response.body.events.map((event) => event.id));
    cursor = response.body.next_cursor;
    pages += 1;
  } while (cursor);
  return { ids, pages };
}

beforeAll(async () => {
  testApp = await startApiTestApp();
  const { db } = testApp;
  keys = await createTenantKeys(db);
  const event = (tenantId: string, eventId: string, occurredAt: Date) => ({
    tenantId,
    eventId,
    occurredAt,
    receivedAt: occurredAt,
    modelId: "m1",
    inputTokens: 1n,
    ratingStatus: "unrated" as const,
  });
  // 105 events, three per millisecond timestamp, ids inserted out of order: ties are broken by id.
  const inRange = Array.from({ length: 105 }, (_, i) => {
    const id = `a-${String((i * 37) % 105).padStart(4, "0")}`;
    return event(keys.tenantA, id, new Date(base + Math.floor(i / 3) * 1000 + 1));
  });
  await db.usageEvent.createMany({
    data: [
      ...inRange,
      event(keys.tenantA, "a-at-from", new Date(FROM)),
      event(keys.tenantA, "a-before", new Date(base - 1)),
      event(keys.tenantA, "a-at-to", new Date(TO)),
      ...Array.from({ length: 20 }, (_, i) =>
        event(keys.tenantB, `b-${String(i).padStart(4, "0")}`, new Date(base + i * 1000)),
      ),
    ],
  });
  expectedIds = [
    "a-at-from",
    ...inRange
      .slice()
      .sort((x, y) => x.occurredAt.getTime() - y.occurredAt.getTime() || (x.eventId < y.eventId ? -1 : 1))
      .map((e) => e.eventId),
  ];
  // One fully attributed, rated event to check every field.
  await db.usageEvent.create({
    data: {
      tenantId: keys.tenantA,
      eventId: "z-detailed",
      occurredAt: new Date("2026-04-01T23:59:59.999Z"),
      receivedAt: new Date("2026-04-02T00:00:00.250Z"),
      modelId: "anthropic/claude-sonnet-4-5",
      provider: "anthropic",
      inputTokens: 1_000_000_000_000n,
      cachedInputTokens: 48_000n,
      cacheWriteTokens: 3n,
      outputTokens: 900n,
      reasoningTokens: 12n,
      serviceTier: "priority",
      apiKeyId: keys.keyAId,
      customer: "cust-1",
      agent: "coder",
      taskId: "t-9",
      sessionId: "s-1",
      status: "error",
      metadata: { team: "core" },
      ratingStatus: "rated",
      amount: "0.000123456789012345678901234567",
      currency: "EUR",
      reportedCost: "0.00042",
      planVersionId,
      ratedAt: new Date("2026-04-02T00:00:01Z"),
    },
  });
  expectedIds.push("z-detailed");
});

afterAll(async () => {
  await testApp.close();
});

describe("GET /v1/usage/events", () => {
  it("walks every event in [from, to) exactly once, in (timestamp, id) order, across small pages", async () => {
    const { ids, pages } = await walk(7);
    expect(ids).toEqual(expectedIds);
    expect(new Set(ids).size).toBe(107);
    expect(pages).toBe(Math.ceil(107 / 7));
  });

  it("keeps its place while new events arrive behind and ahead of the cursor", async () => {
    const first = await page("&limit=10");
    const cursor = first.body.next_cursor ?? "";
    // One event lands before the cursor (already walked past), one after it.
    await testApp.db.usageEvent.createMany({
      data: ["a-late-early", "a-late-ahead"].map((eventId, i) => ({
        tenantId: keys.tenantA,
        eventId,
        occurredAt: new Date(i === 0 ? base : base + 60_000),
        receivedAt: new Date(),
        modelId: "m1",
        ratingStatus: "unrated" as const,
      })),
    });
    try {
      const rest: string[] = [];
      let next: string | null = cursor;
      while (next) {
        const response = await page(`&limit=25&cursor=${next}`);
        rest.push(...response.body.events.map((event) => event.id));
        next = response.body.next_cursor;
      }
      const walked = [...first.body.events.map((event) => event.id), ...rest];
      expect(walked).toContain("a-late-ahead");
      expect(walked).not.toContain("a-late-early");
      expect(new Set(walked).size).toBe(walked.length);
      expect(walked.filter((id) => id !== "a-late-ahead")).toEqual(expectedIds);
    } finally {
      await testApp.db.usageEvent.deleteMany({ where: { eventId: { in: ["a-late-early", "a-late-ahead"] } } });
    }
  });

  it("pages by 100 by default and allows up to 1,000", async () => {
    const first = await page("");
    expect(first.body.events).toHaveLength(100);
    const second = await page(`&cursor=${first.body.next_cursor ?? ""}`);
    expect(second.body.events.map((event) => event.id)).toEqual(expectedIds.slice(100));
    expect(second.body.next_cursor).toBeNull();
    const all = await page("&limit=1000");
    expect(all.body.events).toHaveLength(107);
    expect(all.body.next_cursor).toBeNull();
  });

  it("returns every field, token counts and amount as exact strings", async () => {
    const response = await page("&limit=1000");
    expect(response.body.tenant_id).toBe(keys.tenantA);
    expect(response.body.events.at(-1)).toEqual({
      id: "z-detailed",
      timestamp: "2026-04-01T23:59:59.999Z",
      received_at: "2026-04-02T00:00:00.250Z",
      model: "anthropic/claude-sonnet-4-5",
      provider: "anthropic",
      input_tokens: "1000000000000",
      cached_input_tokens: "48000",
      cache_write_tokens: "3",
      output_tokens: "900",
      reasoning_tokens: "12",
      service_tier: "priority",
      api_key_id: keys.keyAId,
      customer: "cust-1",
      agent: "coder",
      task_id: "t-9",
      session_id: "s-1",
      status: "error",
      metadata: { team: "core" },
      rating_status: "rated",
      amount: "0.000123456789012345678901234567",
      currency: "EUR",
      reported_cost: "0.00042",
      plan_version_id: planVersionId,
    });
    // Unrated: a null amount, never a silent zero.
    expect(response.body.events[0]).toMatchObject({
      id: "a-at-from",
      rating_status: "unrated",
      amount: null,
      currency: null,
      reported_cost: null,
      plan_version_id: null,
      api_key_id: null,
      metadata: null,
    });
  });

  it("refuses a tampered, foreign or garbled cursor with a 400", async () => {
    const cursor = (await page("&limit=5")).body.next_cursor ?? "";
    const [body = "", digest = ""] = cursor.split(".");
    const flipped = `${body.slice(0, 3)}${body[3] === "A" ? "B" : "A"}${body.slice(4)}.${digest}`;
    const forged = `${Buffer.from(JSON.stringify(["2026-04-01T00:00:30.001Z", "a-0000"])).toString("base64url")}.${digest}`;
    for (const bad of [flipped, forged, "garbage", `${cursor}.x`, `${body}.`]) {
      const response = await page(`&cursor=${encodeURIComponent(bad)}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        error: { code: "bad_request", message: expect.stringMatching(/invalid cursor/) },
      });
    }
    // Valid, but issued for another range.
    const otherRange = await call(
      testApp.app,
      "GET",
      `/v1/usage/events?from=${FROM}&to=2026-04-03T00:00:00Z&cursor=${cursor}`,
      keys.keyA,
    );
    expect(otherRange.status).toBe(400);
    // Valid, but issued for tenant A: tenant B's key cannot use it to walk B's (or A's) events.
    expect((await page(`&cursor=${cursor}`, keys.keyB)).status).toBe(400);
    // The operator reading tenant A may continue it.
    const operator = await page(`&cursor=${cursor}&tenant_id=${keys.tenantA}`, keys.adminKey);
    expect(operator.status).toBe(200);
    expect(operator.body.events[0]?.id).toBe(expectedIds[5]);
  });

  it.each([
    ["limit=0", /limit: must be at least 1/],
    ["limit=1001", /limit: must be at most 1000/],
    ["limit=-1", /limit: must be a whole number/],
    ["limit=ten", /limit: must be a whole number/],
    ["limit=1.5", /limit: must be a whole number/],
  ])("refuses %s with a 400", async (query, message) => {
    const response = await page(`&${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
  });

  it("takes any instant for from and to, but refuses an empty range", async () => {
    const narrow = await call<EventsPage>(
      testApp.app,
      "GET",
      "/v1/usage/events?from=2026-04-01T00:00:00.001Z&to=2026-04-01T00:00:00.002Z",
      keys.keyA,
    );
    expect(narrow.status).toBe(200);
    expect(narrow.body.events.map((event) => event.id)).toEqual(expectedIds.slice(1, 4));
    const empty = await call(testApp.app, "GET", `/v1/usage/events?from=${TO}&to=${FROM}`, keys.keyA);
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/from must be before to/);
  });
});

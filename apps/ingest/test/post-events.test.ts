import { gzipSync } from "node:zlib";
import { createApiKey, revokeApiKey } from "@tollgate/use-cases/api-keys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createIngestDatabase,
  startTestIngest,
  type IngestDatabase,
  type TestIngest,
} from "./support/ingest-fixture.ts";

let database: IngestDatabase;
let ingest: TestIngest;
let revokedKey = "";
let operatorKey = "";

beforeAll(async () => {
  database = await createIngestDatabase();
  const revoked = await createApiKey(database.db, { tenantId: database.tenantId, name: "revoked", scopes: ["ingest"] });
  await revokeApiKey(database.db, revoked.apiKey.id);
  revokedKey = revoked.plaintext;
  operatorKey = (await createApiKey(database.db, { tenantId: null, name: "ops", scopes: ["admin"] })).plaintext;
  ingest = await startTestIngest(database);
});

afterAll(async () => {
  await ingest.close();
  await database.drop();
});

const post = (...args: Parameters<TestIngest["post"]>) => ingest.post(...args);

async function groupHolding(eventId: string) {
  return (await ingest.storedGroups()).find((group) => group.events.some((event) => event.id === eventId));
}

describe("POST /v1/events", () => {
  it("queues valid events of a batch and reports the rejected ones", async () => {
    const response = await post({
      events: [
        { id: "a1", model: "openai/gpt-5", input_tokens: 10 },
        { id: "a2", model: "openai/gpt-5", output_tokens: 1.5 },
        { id: "a1", model: "openai/gpt-5", input_tokens: 10 },
      ],
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({
      accepted: 1,
      duplicates: 1,
      rejected: [{ index: 1, id: "a2", code: "invalid_event", message: "output_tokens: must be an integer" }],
    });
    const mine = await groupHolding("a1");
    expect(mine?.tenantId).toBe(database.tenantId);
    expect(mine?.apiKeyId).toBe(database.keys.ingestKeyId);
    expect(mine?.events.map((e) => e.id)).toEqual(["a1"]);
  });

  it("answers 400 with the reasons when no event is valid, and queues nothing", async () => {
    const before = (await ingest.storedPayloads()).length;
    const response = await post({ id: "", model: "m" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { code: "bad_request", details: { rejected: [{ index: 0, code: "invalid_event" }] } },
    });
    expect((await ingest.storedPayloads()).length).toBe(before);
  });

  it.each([
    ["no key", null, 401],
    ["an unknown key", "tg_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 401],
    ["a malformed key", "hello", 401],
    ["a revoked key", "revoked", 401],
    ["a key without the ingest scope", "readOnly", 403],
    ["an operator key (it never sends events as a tenant)", "operator", 403],
  ] as const)("rejects %s", async (_label, key, status) => {
    const named = { revoked: revokedKey, readOnly: database.keys.readOnly, operator: operatorKey };
    const presented = key !== null && key in named ? named[key as keyof typeof named] : key;
    const response = await post({ id: "x", model: "m" }, { key: presented });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toHaveProperty("error.message");
  });

  it.each([
    ["an array body", "[]"],
    ["an empty body", ""],
    ["an empty events list", { events: [] }],
    ["1,001 events", { events: Array.from({ length: 1001 }, (_, i) => ({ id: `e${i.toString()}`, model: "m" })) }],
    ["a __proto__ key", '{"id":"p","model":"m","__proto__":{"x":1}}'],
  ] as const)("rejects %s with 400", async (_label, body) => {
    const response = await post(body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toHaveProperty("error.code", "bad_request");
  });

  it.each([
    ['{"id": "x", ', 12, "unexpected end of input"],
    ['{"id": "x",\n  "model": tru}', 26, "unexpected '}' in 'true'"],
    ['{"events": [1,]}', 14, "unexpected ']'"],
    ['{"id": "x"} trailing', 12, "unexpected 't' after the JSON value"],
  ] as const)("answers 400 for malformed JSON %j, pointing at position %i", async (body, position, problem) => {
    const response = await post(body);
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{ error: { code: string; message: string; details: { position: number } } }>();
    expect(error.code).toBe("bad_request");
    expect(error.details.position).toBe(position);
    expect(error.message).toContain(`position ${position.toString()}`);
    expect(error.message).toContain(problem);
  });

  it("accepts a gzip body", async () => {
    const body = gzipSync(Buffer.from(JSON.stringify({ events: [{ id: "gz-1", model: "m", input_tokens: 5 }] })));
    const response = await post(body, { headers: { "content-encoding": "gzip" } });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: 1 });
    expect((await groupHolding("gz-1"))?.events[0]?.tokens.input).toBe(5);
  });

  it("answers 400 for a body that claims gzip but is not", async () => {
    const response = await post({ id: "nogz", model: "m" }, { headers: { "content-encoding": "gzip" } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: "bad_request" } });
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(/gzip/);
  });

  it("answers 413 for a body over 1 MiB, raw or after decompression", async () => {
    const raw = await post({ id: "big", model: "m", metadata: { k: "x".repeat(1_100_000) } });
    expect(raw.statusCode).toBe(413);
    expect(raw.json()).toMatchObject({ error: { code: "payload_too_large" } });
    // 64 MiB of spaces inflate from ~64 KiB: the stream must stop at 1 MiB instead of inflating it all.
    const bomb = gzipSync(
      Buffer.concat([Buffer.from('{"id":"bomb","model":"m"'), Buffer.alloc(64 * 1024 * 1024, " ")]),
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const inflated = await post(bomb, { headers: { "content-encoding": "gzip" } });
    expect(inflated.statusCode).toBe(413);
    expect(inflated.json()).toMatchObject({ error: { code: "payload_too_large" } });
    expect(await groupHolding("bomb")).toBeUndefined();
  });

  it.each([
    ["text/plain content", { "content-type": "text/plain" }],
    ["form content", { "content-type": "application/x-www-form-urlencoded" }],
    ["br encoding", { "content-encoding": "br" }],
    ["deflate encoding", { "content-encoding": "deflate" }],
  ])("answers 415 for %s", async (_label, headers) => {
    const response = await post('{"id":"ct","model":"m"}', { headers });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ error: { code: "unsupported_media_type" } });
  });

  it("keeps tenants apart: a key only ever queues events for its own tenant", async () => {
    const response = await post({ id: "other-1", model: "m" }, { key: database.keys.otherTenant });
    expect(response.statusCode).toBe(202);
    const group = await groupHolding("other-1");
    expect(group?.tenantId).toBe(database.otherTenantId);
    expect(group?.events.map((event) => event.id)).toEqual(["other-1"]);
  });

  it("serves an OpenAPI document for POST /v1/events built from the event schema", async () => {
    const response = await ingest.runtime.app.inject({ method: "GET", url: "/openapi.json" });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ paths: Record<string, { post: Record<string, unknown> }> }>();
    const operation = document.paths["/v1/events"]?.post;
    expect(Object.keys(operation?.responses as object).sort()).toEqual(
      ["202", "400", "401", "403", "413", "415", "429", "503"].sort(),
    );
    const body = JSON.stringify(operation?.requestBody);
    for (const field of ["input_tokens", "cached_input_tokens", "output_tokens", "model", "events"]) {
      expect(body).toContain(`"${field}"`);
    }
  });

  it("exposes the usage queue backlog as a Prometheus gauge", async () => {
    await ingest.runtime.backlog.refresh();
    const metrics = await ingest.runtime.app.inject({ method: "GET", url: "/metrics" });
    const line = /^ingest_usage_queue_backlog_jobs\{[^}]*\} (\d+)$/m.exec(metrics.body);
    expect(Number(line?.[1])).toBe((await ingest.storedPayloads()).length);
  });
});

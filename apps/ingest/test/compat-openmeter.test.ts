import { HTTPError, OpenMeter } from "@openmeter/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startListeningIngest, type ListeningIngest } from "./support/compat-fixture.ts";

let server: ListeningIngest;
let openmeter: OpenMeter;

beforeAll(async () => {
  server = await startListeningIngest();
  openmeter = new OpenMeter({ baseUrl: server.baseUrl, apiKey: server.database.keys.ingest });
});

afterAll(async () => {
  await server.close();
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

async function thrown(work: Promise<unknown>): Promise<HTTPError> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof HTTPError)) throw new Error(`expected an OpenMeter HTTPError, got ${String(error)}`);
  return error;
}

describe("OpenMeter compatibility: POST /api/v1/events with the @openmeter/sdk client", () => {
  it("queues a CloudEvent with its subject, time, model and token counts", async () => {
    const time = minutesAgo(3);
    await openmeter.events.ingest({
      id: "om-1",
      source: "gateway",
      type: "ai-tokens",
      subject: "customer-acme",
      time,
      data: { model: "openai/gpt-5", input_tokens: 1200, cached_input_tokens: 300, output_tokens: 80, route: "/chat" },
    });
    const [copy, ...others] = await server.queued("gateway:om-1");
    expect(others).toEqual([]);
    expect(copy?.group.tenantId).toBe(server.database.tenantId);
    expect(copy?.group.apiKeyId).toBe(server.database.keys.ingestKeyId);
    expect(copy?.event).toMatchObject({
      id: "gateway:om-1",
      model: "openai/gpt-5",
      customer: "customer-acme",
      timestamp: time.toISOString(),
      tokens: { input: 1200, cached_input: 300, cache_write: 0, output: 80, reasoning: 0 },
      metadata: { event_type: "ai-tokens", route: "/chat" },
    });
  });

  it("queues a batch, including OpenMeter's {tokens, type} form", async () => {
    await openmeter.events.ingest([
      {
        id: "om-b1",
        source: "gateway",
        type: "tokens",
        subject: "c1",
        data: { model: "m1", tokens: "42", type: "output" },
      },
      { id: "om-b2", source: "gateway", type: "tokens", subject: "c1", data: { model: "m1", reasoning_tokens: 7 } },
    ]);
    expect((await server.queued("gateway:om-b1"))[0]?.event.tokens.output).toBe(42);
    expect((await server.queued("gateway:om-b2"))[0]?.event.tokens.reasoning).toBe(7);
  });

  it("treats a re-sent event (same source and id) as a duplicate, and another source's id as a new event", async () => {
    const event = { id: "om-dup", source: "gateway", type: "t", subject: "c", data: { model: "m", input_tokens: 5 } };
    await openmeter.events.ingest(event);
    await openmeter.events.ingest(event);
    await openmeter.events.ingest({ ...event, source: "other-gateway" });
    expect(await server.queued("gateway:om-dup")).toHaveLength(1);
    expect(await server.queued("other-gateway:om-dup")).toHaveLength(1);
  });

  it("derives a deterministic hashed id when source and id do not fit 200 characters", async () => {
    const source = `https://gateway.example/${"s".repeat(200)}`;
    const event = { id: "om-long", source, type: "t", subject: "c", data: { model: "m", input_tokens: 1 } };
    await openmeter.events.ingest(event);
    await openmeter.events.ingest(event);
    const ids = (await server.ingest.storedGroups()).flatMap((group) =>
      group.events.map((queued) => queued.id).filter((id) => id.startsWith("openmeter:sha256:")),
    );
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^openmeter:sha256:[0-9a-f]{64}$/);
  });

  it("rejects an invalid event with a 400 problem naming the CloudEvent field, and still queues the valid one", async () => {
    const error = await thrown(
      openmeter.events.ingest([
        { id: "om-ok", source: "gateway", type: "t", subject: "c", data: { model: "m", input_tokens: 3 } },
        { id: "om-bad", source: "gateway", type: "t", subject: "c", data: { model: "m", output_tokens: 1.5 } },
      ]),
    );
    expect(error.status).toBe(400);
    expect(error.message).toContain("data.output_tokens: must be an integer");
    expect(error.getField("code")).toBe("bad_request");
    expect(error.getField("extensions")).toMatchObject({
      accepted: 1,
      rejected: [{ index: 1, id: "gateway:om-bad", code: "invalid_event" }],
    });
    expect(await server.queued("gateway:om-ok")).toHaveLength(1);
    expect(await server.queued("gateway:om-bad")).toEqual([]);
  });

  it.each([
    ["a wrong key", "tg_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 401],
    ["no key", undefined, 401],
    ["a key without the ingest scope", "readOnly", 403],
  ] as const)("rejects %s in OpenMeter's problem shape and queues nothing", async (_label, key, status) => {
    const client = new OpenMeter({
      baseUrl: server.baseUrl,
      apiKey: key === "readOnly" ? server.database.keys.readOnly : key,
    });
    const eventId = `om-auth-${status.toString()}-${String(key).length.toString()}`;
    const error = await thrown(
      client.events.ingest({ id: eventId, source: "gateway", type: "t", subject: "c", data: { model: "m" } }),
    );
    expect(error.status).toBe(status);
    expect(error.getField("code")).toBe(status === 401 ? "unauthenticated" : "forbidden");
    expect(await server.queued(`gateway:${eventId}`)).toEqual([]);
  });

  it("accepts a single CloudEvent as application/cloudevents+json and queues it for the key's own tenant only", async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/events`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${server.database.keys.otherTenant}`,
        "content-type": "application/cloudevents+json",
      },
      body: JSON.stringify({ specversion: "1.0", id: "om-other", source: "s", type: "t", data: { model: "m" } }),
    });
    expect(response.status).toBe(204);
    const [copy] = await server.queued("s:om-other");
    expect(copy?.group.tenantId).toBe(server.database.otherTenantId);
  });

  it("documents the three compatibility endpoints in /openapi.json", async () => {
    const response = await server.ingest.runtime.app.inject({ method: "GET", url: "/openapi.json" });
    const paths = Object.keys(response.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining(["/api/v1/events", "/api/v1/events/batch", "/v1/billing/meter_events"]),
    );
  });
});

import { putIngestMapping } from "@tollgate/use-cases/ingest-mappings";
import { Client, getLagoError } from "lago-javascript-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAPPING_CHANGE, startListeningIngest, type ListeningIngest } from "./support/compat-fixture.ts";

let server: ListeningIngest;
let lago: ReturnType<typeof Client>;

beforeAll(async () => {
  server = await startListeningIngest(async ({ db, tenantId }) => {
    await putIngestMapping(
      db,
      {
        tenantId,
        source: "lago",
        key: "llm_usage",
        config: { model: { property: "model" }, tokens: { input: "input_tokens", output: "output_tokens" } },
      },
      MAPPING_CHANGE,
    );
    await putIngestMapping(
      db,
      {
        tenantId,
        source: "lago",
        key: "gpt5_output",
        config: { model: { value: "openai/gpt-5" }, tokens: { output: "tokens" } },
      },
      MAPPING_CHANGE,
    );
  });
  lago = Client(server.database.keys.ingest, { baseUrl: `${server.baseUrl}/api/v1` });
});

afterAll(async () => {
  await server.close();
});

const secondsAgo = (seconds: number) => Date.now() / 1000 - seconds;

interface LagoErrorBody {
  status: number;
  error: string;
  code?: string;
  message?: string;
  error_details?: Record<string, unknown>;
}

async function lagoFailure(work: Promise<unknown>): Promise<LagoErrorBody> {
  const thrown = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (thrown === null) throw new Error("expected the Lago client to throw");
  return getLagoError<LagoErrorBody>(thrown);
}

describe("Lago compatibility: /api/v1/events with the lago-javascript-client", () => {
  it("queues an event through the tenant's mapping (model and tokens from properties, float Unix timestamp)", async () => {
    const timestamp = Math.floor(secondsAgo(120)) + 0.25;
    const response = await lago.events.createEvent({
      event: {
        transaction_id: "lago-1",
        external_subscription_id: "sub-acme",
        code: "llm_usage",
        timestamp,
        properties: { model: "anthropic/claude-sonnet-4-5", input_tokens: "1500", output_tokens: 64, team: "search" },
      },
    });
    expect(response.data.event).toMatchObject({ transaction_id: "lago-1", code: "llm_usage", lago_customer_id: null });
    const [copy, ...others] = await server.queued("lago:lago-1");
    expect(others).toEqual([]);
    expect(copy?.group.tenantId).toBe(server.database.tenantId);
    expect(copy?.event).toMatchObject({
      id: "lago:lago-1",
      model: "anthropic/claude-sonnet-4-5",
      customer: "sub-acme",
      timestamp: new Date(timestamp * 1000).toISOString(),
      tokens: { input: 1500, cached_input: 0, cache_write: 0, output: 64, reasoning: 0 },
      metadata: { team: "search" },
    });
  });

  it("queues a batch, with a fixed model per code and a string timestamp", async () => {
    const timestamp = String(Math.floor(secondsAgo(60)));
    const response = await lago.events.createBatchEvents({
      events: [
        {
          transaction_id: "lago-b1",
          external_subscription_id: "sub-1",
          code: "gpt5_output",
          timestamp,
          properties: { tokens: 900 },
        },
        {
          transaction_id: "lago-b2",
          external_subscription_id: "sub-2",
          code: "llm_usage",
          properties: { model: "m2", input_tokens: 5 },
        },
      ],
    });
    expect(response.data.events.map((event) => event.transaction_id)).toEqual(["lago-b1", "lago-b2"]);
    const [first] = await server.queued("lago:lago-b1");
    expect(first?.event).toMatchObject({
      model: "openai/gpt-5",
      customer: "sub-1",
      timestamp: new Date(Number(timestamp) * 1000).toISOString(),
      tokens: { output: 900 },
    });
    expect((await server.queued("lago:lago-b2"))[0]?.event.tokens.input).toBe(5);
  });

  it("treats a re-sent transaction_id as a duplicate", async () => {
    const event = {
      transaction_id: "lago-dup",
      external_subscription_id: "s",
      code: "gpt5_output",
      properties: { tokens: 1 },
    };
    await lago.events.createEvent({ event });
    await lago.events.createEvent({ event });
    expect(await server.queued("lago:lago-dup")).toHaveLength(1);
  });

  it("rejects an unmapped code with 422 unmapped_event and queues nothing", async () => {
    const body = await lagoFailure(
      lago.events.createEvent({
        event: {
          transaction_id: "lago-unmapped",
          external_subscription_id: "s",
          code: "storage_gb",
          properties: { gb: 1 },
        },
      }),
    );
    expect(body).toMatchObject({ status: 422, code: "validation_errors" });
    expect(body.error_details).toEqual({ code: [expect.stringContaining("unmapped_event: code: 'storage_gb'")] });
    expect(await server.queued("lago:lago-unmapped")).toEqual([]);
  });

  it("accepts the valid events of a batch and reports the rejected ones by index", async () => {
    const body = await lagoFailure(
      lago.events.createBatchEvents({
        events: [
          { transaction_id: "lago-p1", external_subscription_id: "s", code: "gpt5_output", properties: { tokens: 2 } },
          {
            transaction_id: "lago-p2",
            external_subscription_id: "s",
            code: "gpt5_output",
            properties: { tokens: "2.5" },
          },
          { transaction_id: "lago-p3", external_subscription_id: "s", code: "nope", properties: {} },
        ],
      }),
    );
    expect(body).toMatchObject({ status: 422, code: "validation_errors", accepted: 1 });
    expect(Object.keys(body.error_details ?? {})).toEqual(["1", "2"]);
    expect(body.error_details?.["1"]).toEqual({
      "properties.tokens": ["invalid_event: properties.tokens: must be an integer number of tokens"],
    });
    expect(await server.queued("lago:lago-p1")).toHaveLength(1);
    expect(await server.queued("lago:lago-p2")).toEqual([]);
  });

  it("rejects a wrong or missing key in Lago's 401 shape", async () => {
    for (const key of ["tg_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ""]) {
      const client = Client(key, { baseUrl: `${server.baseUrl}/api/v1` });
      const body = await lagoFailure(
        client.events.createEvent({
          event: {
            transaction_id: "lago-auth",
            external_subscription_id: "s",
            code: "gpt5_output",
            properties: { tokens: 1 },
          },
        }),
      );
      expect(body).toMatchObject({ status: 401, error: "Unauthorized", code: "unauthenticated" });
    }
    expect(await server.queued("lago:lago-auth")).toEqual([]);
  });

  it("never applies one tenant's mapping to another tenant", async () => {
    const other = Client(server.database.keys.otherTenant, { baseUrl: `${server.baseUrl}/api/v1` });
    const body = await lagoFailure(
      other.events.createEvent({
        event: {
          transaction_id: "lago-other",
          external_subscription_id: "s",
          code: "llm_usage",
          properties: { model: "m", input_tokens: 1 },
        },
      }),
    );
    expect(body.error_details).toEqual({ code: [expect.stringContaining("unmapped_event")] });
    expect(await server.queued("lago:lago-other")).toEqual([]);
  });
});

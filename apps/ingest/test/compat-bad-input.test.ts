import { putIngestMapping } from "@tollgate/use-cases/ingest-mappings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAPPING_CHANGE, startListeningIngest, type ListeningIngest } from "./support/compat-fixture.ts";

let server: ListeningIngest;

beforeAll(async () => {
  server = await startListeningIngest(async ({ db, tenantId }) => {
    await putIngestMapping(
      db,
      {
        tenantId,
        source: "lago",
        key: "llm",
        config: { model: { property: "model" }, tokens: { input: "in" } },
      },
      MAPPING_CHANGE,
    );
    await putIngestMapping(
      db,
      {
        tenantId,
        source: "stripe",
        key: "llm",
        config: { model: { property: "model" }, token_type: "input" },
      },
      MAPPING_CHANGE,
    );
  });
});

afterAll(async () => {
  await server.close();
});

const CLOUDEVENTS = "application/cloudevents-batch+json";
const JSON_TYPE = "application/json";
const FORM = "application/x-www-form-urlencoded";

describe("compatibility endpoints refuse bad input with a 4xx that changes nothing", () => {
  it.each([
    ["/api/v1/events", CLOUDEVENTS, "[]", 400],
    ["/api/v1/events", CLOUDEVENTS, '[null, 1, "x"]', 400],
    ["/api/v1/events", CLOUDEVENTS, '[{"id":"x","source":"s","type":"t","data":{"model":"m","tokens":5}}]', 400],
    ["/api/v1/events", CLOUDEVENTS, '[{"id":"x","source":"s","type":"t","specversion":"0.3","data":{}}]', 400],
    [
      "/api/v1/events",
      CLOUDEVENTS,
      '[{"id":"x","source":"s","type":"t","time":"yesterday","data":{"model":"m"}}]',
      400,
    ],
    ["/api/v1/events", CLOUDEVENTS, "[{", 400],
    ["/api/v1/events", JSON_TYPE, "{}", 400],
    ["/api/v1/events", JSON_TYPE, '{"event": null}', 400],
    [
      "/api/v1/events",
      JSON_TYPE,
      '{"event": {"transaction_id": "t", "code": "llm", "properties": {"model": "m", "in": 1}}}',
      422,
    ],
    [
      "/api/v1/events",
      JSON_TYPE,
      '{"event": {"transaction_id": "t", "code": "llm", "external_customer_id": "c", "timestamp": "soon", "properties": {"model": "m", "in": 1}}}',
      422,
    ],
    [
      "/api/v1/events",
      JSON_TYPE,
      '{"event": {"transaction_id": "t", "code": "llm", "external_customer_id": "c", "properties": {"model": "m"}}}',
      422,
    ],
    [
      "/api/v1/events",
      JSON_TYPE,
      '{"event": {"transaction_id": "t", "code": "llm", "external_customer_id": "c", "properties": {"model": 5, "in": 1}}}',
      422,
    ],
    ["/api/v1/events/batch", JSON_TYPE, '{"events": []}', 400],
    ["/api/v1/events", "text/plain", "hello", 415],
    ["/v1/billing/meter_events", FORM, "", 400],
    [
      "/v1/billing/meter_events",
      FORM,
      "event_name=llm&payload[stripe_customer_id]=c&payload[value]=-1&payload[model]=m",
      400,
    ],
    ["/v1/billing/meter_events", FORM, "event_name=llm&payload[stripe_customer_id]=c&payload[value]=1", 400],
    [
      "/v1/billing/meter_events",
      FORM,
      "event_name=llm&payload[stripe_customer_id]=c&payload[value]=1&payload[model]=m&timestamp=1",
      400,
    ],
    ["/v1/billing/meter_events", FORM, "event_name=llm&payload[a][b]=1", 400],
  ])("POST %s (%s) %s → %i", async (url, contentType, body, status) => {
    const before = (await server.ingest.storedPayloads()).length;
    const response = await server.ingest.runtime.app.inject({
      method: "POST",
      url,
      headers: { authorization: `Bearer ${server.database.keys.ingest}`, "content-type": contentType },
      payload: body,
    });
    expect(response.statusCode).toBe(status);
    expect(response.body).toMatch(/"(message|detail)":"[^"]+"/);
    expect((await server.ingest.storedPayloads()).length).toBe(before);
  });
});

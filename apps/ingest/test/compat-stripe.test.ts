import { putIngestMapping } from "@tollgate/use-cases/ingest-mappings";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAPPING_CHANGE, startListeningIngest, type ListeningIngest } from "./support/compat-fixture.ts";

let server: ListeningIngest;
let stripe: Stripe;

const stripeFor = (key: string) =>
  new Stripe(key, { host: "127.0.0.1", port: server.port, protocol: "http", maxNetworkRetries: 0 });

beforeAll(async () => {
  server = await startListeningIngest(async ({ db, tenantId }) => {
    await putIngestMapping(
      db,
      {
        tenantId,
        source: "stripe",
        key: "llm_input_tokens",
        config: { model: { property: "model" }, token_type: "input" },
      },
      MAPPING_CHANGE,
    );
    await putIngestMapping(
      db,
      {
        tenantId,
        source: "stripe",
        key: "gpt5_output_tokens",
        config: { model: { value: "openai/gpt-5" }, token_type: "output", value_key: "tokens" },
      },
      MAPPING_CHANGE,
    );
  });
  stripe = stripeFor(server.database.keys.ingest);
});

afterAll(async () => {
  await server.close();
});

async function stripeFailure(work: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const thrown = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(thrown instanceof Stripe.errors.StripeError)) throw new Error(`expected a StripeError, got ${String(thrown)}`);
  return thrown;
}

describe("Stripe compatibility: POST /v1/billing/meter_events with the stripe client", () => {
  it("queues a meter event through the tenant's mapping and answers with a billing.meter_event", async () => {
    const timestamp = Math.floor(Date.now() / 1000) - 300;
    const meterEvent = await stripe.billing.meterEvents.create({
      event_name: "llm_input_tokens",
      identifier: "st-1",
      timestamp,
      payload: { stripe_customer_id: "cus_acme", value: "1200", model: "openai/gpt-5-mini", agent_name: "coder" },
    });
    expect(meterEvent).toMatchObject({
      object: "billing.meter_event",
      event_name: "llm_input_tokens",
      identifier: "st-1",
      livemode: false,
      timestamp,
      payload: { stripe_customer_id: "cus_acme", value: "1200" },
    });
    const [copy, ...others] = await server.queued("stripe:st-1");
    expect(others).toEqual([]);
    expect(copy?.group.tenantId).toBe(server.database.tenantId);
    expect(copy?.group.apiKeyId).toBe(server.database.keys.ingestKeyId);
    expect(copy?.event).toMatchObject({
      id: "stripe:st-1",
      model: "openai/gpt-5-mini",
      customer: "cus_acme",
      timestamp: new Date(timestamp * 1000).toISOString(),
      tokens: { input: 1200, cached_input: 0, cache_write: 0, output: 0, reasoning: 0 },
      metadata: { agent_name: "coder" },
    });
  });

  it("reads a fixed model and a custom value key", async () => {
    await stripe.billing.meterEvents.create({
      event_name: "gpt5_output_tokens",
      identifier: "st-fixed",
      payload: { stripe_customer_id: "cus_1", tokens: "77" },
    });
    expect((await server.queued("stripe:st-fixed"))[0]?.event).toMatchObject({
      model: "openai/gpt-5",
      tokens: { output: 77 },
    });
  });

  it("treats a re-sent identifier, or a re-sent Idempotency-Key without one, as a duplicate", async () => {
    const params = {
      event_name: "gpt5_output_tokens",
      identifier: "st-dup",
      payload: { stripe_customer_id: "c", tokens: "1" },
    };
    await stripe.billing.meterEvents.create(params);
    await stripe.billing.meterEvents.create(params);
    expect(await server.queued("stripe:st-dup")).toHaveLength(1);

    const anonymous = { event_name: "gpt5_output_tokens", payload: { stripe_customer_id: "c", tokens: "1" } };
    const first = await stripe.billing.meterEvents.create(anonymous, { idempotencyKey: "retry-key-1" });
    await stripe.billing.meterEvents.create(anonymous, { idempotencyKey: "retry-key-1" });
    expect(first.identifier).toBe("retry-key-1");
    expect(await server.queued("stripe:retry-key-1")).toHaveLength(1);
  });

  it("rejects an unmapped event name with a Stripe invalid_request_error (code unmapped_event)", async () => {
    const error = await stripeFailure(
      stripe.billing.meterEvents.create({
        event_name: "api_requests",
        identifier: "st-unmapped",
        payload: { stripe_customer_id: "c", value: "1" },
      }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("unmapped_event");
    expect(error.param).toBe("event_name");
    expect(error.message).toContain("'api_requests' has no ingest mapping");
    expect(await server.queued("stripe:st-unmapped")).toEqual([]);
  });

  it("rejects a value that is not a whole number of tokens, naming the payload key", async () => {
    const error = await stripeFailure(
      stripe.billing.meterEvents.create({
        event_name: "llm_input_tokens",
        identifier: "st-frac",
        payload: { stripe_customer_id: "c", value: "12.5", model: "m" },
      }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("invalid_event");
    expect(error.param).toBe("payload[value]");
    expect(await server.queued("stripe:st-frac")).toEqual([]);
  });

  it("rejects a wrong key with a StripeAuthenticationError", async () => {
    const error = await stripeFailure(
      stripeFor("tg_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").billing.meterEvents.create({
        event_name: "llm_input_tokens",
        identifier: "st-auth",
        payload: { stripe_customer_id: "c", value: "1", model: "m" },
      }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.code).toBe("unauthenticated");
    expect(await server.queued("stripe:st-auth")).toEqual([]);
  });

  it("never applies one tenant's mapping to another tenant", async () => {
    const error = await stripeFailure(
      stripeFor(server.database.keys.otherTenant).billing.meterEvents.create({
        event_name: "llm_input_tokens",
        identifier: "st-other",
        payload: { stripe_customer_id: "c", value: "1", model: "m" },
      }),
    );
    expect(error.code).toBe("unmapped_event");
    expect(await server.queued("stripe:st-other")).toEqual([]);
  });

  it("rejects unknown parameters and non-form bodies with 4xx in Stripe's shape", async () => {
    const post = (contentType: string, body: string) =>
      server.ingest.runtime.app.inject({
        method: "POST",
        url: "/v1/billing/meter_events",
        headers: { authorization: `Bearer ${server.database.keys.ingest}`, "content-type": contentType },
        payload: body,
      });
    const unknown = await post("application/x-www-form-urlencoded", "event_name=llm_input_tokens&bogus=1");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({
      error: {
        type: "invalid_request_error",
        code: "parameter_unknown",
        message: "Received unknown parameter: bogus",
        param: "bogus",
      },
    });
    const json = await post("application/json", '{"event_name":"llm_input_tokens","payload":{}}');
    expect(json.statusCode).toBe(415);
    expect(json.json()).toMatchObject({ error: { type: "invalid_request_error", code: "unsupported_media_type" } });
  });
});

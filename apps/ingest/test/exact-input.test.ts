import { putIngestMapping } from "@tollgate/use-cases/ingest-mappings";
import { MAX_TOKENS_PER_FIELD } from "@tollgate/domain";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isInexactInteger, mayHoldInexactInteger, quoteInexactIntegers } from "../src/body/inexact-integers.ts";
import { MAPPING_CHANGE, startListeningIngest, type ListeningIngest } from "./support/compat-fixture.ts";

let server: ListeningIngest;

beforeAll(async () => {
  server = await startListeningIngest(async ({ db, tenantId }) => {
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

const send = (url: string, contentType: string, payload: string | Buffer) =>
  server.ingest.runtime.app.inject({
    method: "POST",
    url,
    headers: { authorization: `Bearer ${server.database.keys.ingest}`, "content-type": contentType },
    payload,
  });

/** A JSON body whose id holds one raw byte that is not UTF-8 (0xFF, or 0xFE). */
const withBadByte = (byte: number, json: string) => {
  const [before, after] = json.split("@") as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from([byte]), Buffer.from(after)]);
};

describe("invalid UTF-8 is a 400, never two ids decoded into one", () => {
  it("POST /v1/events: a body with bytes that are not UTF-8 is refused whole; nothing is queued", async () => {
    const before = (await server.ingest.storedPayloads()).length;
    for (const byte of [0xff, 0xfe]) {
      const response = await send(
        "/v1/events",
        "application/json",
        withBadByte(byte, '{"id":"utf8-@","model":"openai/gpt-5","input_tokens":1}'),
      );
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: "bad_request", message: "the body is not valid UTF-8" } });
    }
    expect((await server.ingest.storedPayloads()).length).toBe(before);
  });

  it("the compatibility JSON endpoints refuse it too", async () => {
    const lago = withBadByte(0xff, '{"event":{"transaction_id":"t-@","code":"llm","properties":{}}}');
    expect((await send("/api/v1/events", "application/json", lago)).statusCode).toBe(400);
    const cloud = withBadByte(0xff, '[{"id":"c-@","source":"s","type":"t","specversion":"1.0","data":{}}]');
    expect((await send("/api/v1/events", "application/cloudevents-batch+json", cloud)).statusCode).toBe(400);
  });

  it("Stripe: percent-escapes that are not UTF-8 (%FF) are refused by name, raw bad bytes too", async () => {
    const form = (identifier: string) =>
      `event_name=llm&identifier=${identifier}&payload[stripe_customer_id]=c&payload[value]=1&payload[model]=m`;
    const escaped = await send("/v1/billing/meter_events", "application/x-www-form-urlencoded", form("st-%FF"));
    expect(escaped.statusCode).toBe(400);
    expect(escaped.json()).toMatchObject({ error: { param: "identifier" } });
    const raw = withBadByte(0xfe, form("st-@"));
    expect((await send("/v1/billing/meter_events", "application/x-www-form-urlencoded", raw)).statusCode).toBe(400);
    expect(await server.queued("stripe:st-\ufffd")).toEqual([]);
    // Valid escapes still work.
    const ok = await send("/v1/billing/meter_events", "application/x-www-form-urlencoded", form("st-%C3%A9"));
    expect(ok.statusCode).toBe(200);
  });
});

describe("token counts JSON.parse would round are refused by name, not rounded", () => {
  it("the event names the field; the other events of the batch go through", async () => {
    const body = `{"events":[
      {"id":"round-1","model":"openai/gpt-5","timestamp":"${new Date().toISOString()}","input_tokens":1.0000000000000001},
      {"id":"round-2","model":"openai/gpt-5","output_tokens":-1e-400},
      {"id":"round-3","model":"openai/gpt-5","usage":{"prompt_tokens":10,"completion_tokens":2.00000000000000001}},
      {"id":"round-ok","model":"openai/gpt-5","input_tokens":1.0,"output_tokens":2e3}
    ]}`;
    const response = await send("/v1/events", "application/json", body);
    expect(response.statusCode).toBe(202);
    const result = response.json<{ accepted: number; rejected: { index: number; message: string }[] }>();
    expect(result.accepted).toBe(1);
    expect(result.rejected.map(({ index, message }) => [index, message.split(":")[0]])).toEqual([
      [0, "input_tokens"],
      [1, "output_tokens"],
      [2, "usage.completion_tokens"],
    ]);
    const [stored] = await server.queued("round-ok");
    expect(stored?.event.tokens).toMatchObject({ input: 1, output: 2000 });
  });

  it("ids and timestamps with digits, points and escaped quotes inside strings are untouched", () => {
    const text = '{"id":"a\\": 1.0000000000000001","t":"10:31:29.123Z","n":[1.5,2e-400,3]}';
    expect(quoteInexactIntegers(text)).toBe(
      '{"id":"a\\": 1.0000000000000001","t":"10:31:29.123Z","n":[1.5,"2e-400",3]}',
    );
    const common = `{"id":"x","timestamp":"2026-12-06T10:31:29.123Z","input_tokens":5}`;
    expect(quoteInexactIntegers(common)).toBe(common);
  });

  it.each([
    ["1.0000000000000001", true],
    ["999999999999.99999", true],
    ["10000000000000001e-16", true],
    ["1.5e-400", true],
    ["-1e-400", true],
    ["9007199254740993.0", true],
    ["1e-7", false],
    ["1.0", false],
    ["2e3", false],
    ["0.5", false],
    ["-0.0", false],
    ["0e-999", false],
    ["12", false],
  ])("isInexactInteger(%s) is %s, and the cheap pre-check never misses it", (literal, inexact) => {
    expect(isInexactInteger(literal)).toBe(inexact);
    if (inexact) expect(mayHoldInexactInteger(`{"input_tokens":${literal}}`)).toBe(true);
  });

  it("the pre-check never misses a literal JSON.parse rounds to an integer up to 10^12 (property)", () => {
    const literal = fc
      .record({
        whole: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.constant(0n), fc.constant(1n)),
        fraction: fc.option(fc.stringMatching(/^\d{1,24}$/), { nil: undefined }),
        exponent: fc.option(fc.integer({ min: -500, max: 20 }), { nil: undefined }),
        negative: fc.boolean(),
      })
      .map(
        ({ whole, fraction, exponent, negative }) =>
          `${negative ? "-" : ""}${whole.toString()}${fraction === undefined ? "" : `.${fraction}`}${
            exponent === undefined ? "" : `e${exponent.toString()}`
          }`,
      );
    let inexact = 0;
    fc.assert(
      fc.property(literal, (text) => {
        // Above 10^12 every token count is refused by range, rounded or not; the pre-check need not see those.
        if (!isInexactInteger(text) || Math.abs(Number(text)) > MAX_TOKENS_PER_FIELD) return;
        inexact += 1;
        expect(mayHoldInexactInteger(`{"input_tokens":${text}}`), text).toBe(true);
        expect(JSON.parse(quoteInexactIntegers(`{"input_tokens":${text}}`))).toEqual({ input_tokens: text });
      }),
      { numRuns: 5000 },
    );
    expect(inexact).toBeGreaterThan(50);
  });

  it("the pre-check passes the common body (timestamps, ids, models with points and dashes) without a scan", () => {
    const common = JSON.stringify({
      events: [{ id: "e-1.5", model: "gpt-4.1-mini", timestamp: "2026-12-06T10:31:29.123Z", input_tokens: 5 }],
    });
    expect(mayHoldInexactInteger(common)).toBe(false);
  });
});

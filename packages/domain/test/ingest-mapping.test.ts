import { describe, expect, it } from "vitest";
import { parseIngestMappingConfig } from "../src/index.ts";

describe("parseIngestMappingConfig", () => {
  it("accepts a Lago mapping with a model property and token properties", () => {
    const parsed = parseIngestMappingConfig("lago", {
      model: { property: "model" },
      tokens: { input: "input_tokens", output: "output_tokens" },
    });
    expect(parsed).toEqual({
      ok: true,
      config: { model: { property: "model" }, tokens: { input: "input_tokens", output: "output_tokens" } },
    });
  });

  it("fills Stripe's default value and customer keys", () => {
    const parsed = parseIngestMappingConfig("stripe", { model: { value: "openai/gpt-5" }, token_type: "output" });
    expect(parsed).toEqual({
      ok: true,
      config: {
        model: { value: "openai/gpt-5" },
        token_type: "output",
        value_key: "value",
        customer_key: "stripe_customer_id",
      },
    });
  });

  it.each([
    ["lago", { model: { value: "m" }, tokens: {} }, "tokens: tokens must map at least one token type to a property"],
    ["lago", { model: { value: "m" }, tokens: { prompt: "p" } }, "tokens"],
    ["lago", { model: { value: "m", property: "x" }, tokens: { input: "i" } }, "model"],
    ["lago", { tokens: { input: "i" } }, "model"],
    ["stripe", { model: { value: "m" }, token_type: "tokens" }, "token_type"],
    ["stripe", { model: { value: "m" }, token_type: "input", extra: 1 }, "config"],
  ] as const)("rejects a bad %s config naming the field", (source, config, field) => {
    const parsed = parseIngestMappingConfig(source, config);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.startsWith(field)).toBe(true);
  });
});

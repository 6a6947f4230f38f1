import { tenantOverrideSchema } from "@tollgate/domain";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import {
  MAPPING_DEFAULTS,
  mappingConfig,
  mappingFormOf,
  mappingFormSchema,
  mappingServerError,
  mappingSummary,
} from "../src/lib/ingest-mapping-form.ts";
import {
  emptyPrices,
  OVERRIDE_DEFAULTS,
  overrideFormSchema,
  overrideInput,
  overrideServerError,
  type OverrideForm,
} from "../src/lib/override-form.ts";

/** An error as the api answers it over tRPC (message and data; the client has no other source). */
function apiError(message: string, fieldErrors?: Record<string, string>) {
  return new TRPCClientError(message, {
    result: {
      error: {
        message,
        code: -32600,
        data: { code: "BAD_REQUEST", httpStatus: 400, ...(fieldErrors && { fieldErrors }) },
      },
    },
  });
}

const form = (values: Partial<OverrideForm>): OverrideForm => ({ ...OVERRIDE_DEFAULTS, reason: "deal", ...values });
const row = (model: string, prices: Partial<Record<keyof ReturnType<typeof emptyPrices>, string>>) => ({
  model,
  prices: { ...emptyPrices(), ...prices },
});
const issues = (values: OverrideForm) =>
  overrideFormSchema.safeParse(values).error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? [];

describe("the override form", () => {
  it("sends only the prices given, as the exact text typed, which the server's schema accepts", () => {
    const values = form({
      discount_percent: "12.5",
      rates: [row("openai/gpt-4.1", { input: "0.000001", output: "8" })],
    });
    expect(issues(values)).toEqual([]);
    const input = overrideInput("t", values, new Date("2026-12-07T00:00:00Z"));
    expect(input).toEqual({
      tenantId: "t",
      starts_at: "2026-12-07T00:00:00.000Z",
      ends_at: undefined,
      discount_percent: "12.5",
      model_rates: { "openai/gpt-4.1": { input: "0.000001", output: "8" } },
      reason: "deal",
    });
    expect(
      tenantOverrideSchema.safeParse({ discount_percent: input.discount_percent, model_rates: input.model_rates })
        .success,
    ).toBe(true);
  });

  it("refuses at the field what the api refuses: floats' spellings, empty rows, duplicates, nothing to change", () => {
    expect(issues(form({ rates: [row("a b", { input: "1,5", output: "-1" })] }))).toEqual([
      "rates.0.model: must not contain whitespace",
      'rates.0.prices.input: must be a decimal number as a string, e.g. "3.75"',
      "rates.0.prices.output: must not be negative",
    ]);
    expect(issues(form({ rates: [row("m", {}), row("m", { input: "1" })] }))).toEqual([
      "rates.0.prices: give at least one price",
      "rates.1.model: this model is listed twice",
    ]);
    expect(issues(form({ discount_percent: "101" }))).toEqual([
      "discount_percent: must be a percentage between 0 and 100",
    ]);
    expect(issues(form({}))[0]).toMatch(/^discount_percent: give a discount or at least one model's rates/);
    expect(issues(form({ discount_percent: "5", starts_at: "2026-12-07", ends_at: "2026-12-07" }))).toEqual([
      "ends_at: must be after the start",
    ]);
  });

  it("puts the api's refusal at the row it concerns, models with dots included", () => {
    const rows = [row("openai/gpt-4", { input: "1" }), row("openai/gpt-4.1", { input: "1" })];
    expect(overrideServerError(apiError("model_rates.openai/gpt-4.1: unknown model"), rows)).toEqual({
      field: "rates.1.model",
      message: "unknown model",
    });
    const invalid = apiError("invalid input: …", { "model_rates.openai/gpt-4.input": "must not be negative" });
    expect(overrideServerError(invalid, rows)).toEqual({
      field: "rates.0.prices.input",
      message: "must not be negative",
    });
    expect(overrideServerError(apiError("ends_at: must be after starts_at"), rows)?.field).toBe("ends_at");
    expect(overrideServerError(apiError("overlaps the tenant's override x"), rows)).toBeNull();
  });
});

describe("the ingest mapping form", () => {
  it("builds each source's config, which the domain accepts, and reads a stored one back", () => {
    const lago = { ...MAPPING_DEFAULTS, key: "llm" };
    expect(mappingFormSchema.safeParse(lago).success).toBe(true);
    expect(mappingConfig(lago)).toEqual({
      model: { property: "model" },
      tokens: { input: "input_tokens", output: "output_tokens" },
    });
    const stripe = { ...MAPPING_DEFAULTS, source: "stripe" as const, key: "ev", model_from: "value" as const };
    const config = mappingConfig({ ...stripe, model: "openai/gpt-5", token_type: "output", value_key: "" });
    expect(config).toEqual({
      model: { value: "openai/gpt-5" },
      token_type: "output",
      customer_key: "stripe_customer_id",
    });
    expect(mappingFormOf({ source: "stripe", key: "ev", config })).toMatchObject({
      model_from: "value",
      model: "openai/gpt-5",
      token_type: "output",
      value_key: "value",
    });
  });

  it("describes a stored config in words for the list", () => {
    const config = { model: { property: "llm" }, tokens: { output: "completion", input: "prompt" } };
    expect(mappingSummary({ source: "lago", config })).toBe("model ← llm · input ← prompt, output ← completion");
    expect(mappingSummary({ source: "stripe", config: { model: { value: "m" }, token_type: "output" } })).toBe(
      "model m · output ← value · customer ← stripe_customer_id",
    );
  });

  it("shows the domain's refusals at their field", () => {
    const result = mappingFormSchema.safeParse({
      ...MAPPING_DEFAULTS,
      key: "",
      model: "",
      tokens: { input: "", cached_input: "", cache_write: "", output: "", reasoning: "" },
    });
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["key", "model", "tokens"]);
    expect(mappingServerError(apiError("tokens.input: too long"))).toEqual({
      field: "tokens.input",
      message: "too long",
    });
    expect(mappingServerError(apiError("invalid input: key: key is required", { key: "key is required" }))).toEqual({
      field: "key",
      message: "key is required",
    });
    expect(mappingServerError(apiError("no tenant x"))).toBeNull();
  });
});

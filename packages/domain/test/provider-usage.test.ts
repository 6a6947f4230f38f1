import type { Usage as AnthropicUsage } from "@anthropic-ai/sdk/resources/messages";
import type { CompletionUsage } from "openai/resources/completions";
import type { ResponseUsage } from "openai/resources/responses/responses";
import { describe, expect, it } from "vitest";
import { parseUsageEvent, type ParsedUsageEvent } from "../src/index.ts";

const now = new Date("2026-11-25T12:00:00.000Z");

/** OpenRouter has no usage type in an official SDK: the OpenAI chat shape plus its accounting fields. */
type OpenRouterUsage = CompletionUsage & { cost: number; is_byok: boolean; cost_details: Record<string, number> };

function parseWith(usage: unknown, extra: Record<string, unknown> = {}): ParsedUsageEvent {
  return parseUsageEvent({ id: "evt", model: "m", usage, ...extra }, now);
}

function tokensOf(result: ParsedUsageEvent) {
  if (!result.ok) throw new Error(`rejected: ${result.message}`);
  return result.event.tokens;
}

function rejectionOf(result: ParsedUsageEvent) {
  if (result.ok) throw new Error("accepted");
  return result;
}

describe("OpenAI Chat Completions usage", () => {
  it("splits cached tokens out of prompt_tokens (prompt caching guide numbers)", () => {
    const usage: CompletionUsage = {
      prompt_tokens: 2006,
      completion_tokens: 300,
      total_tokens: 2306,
      prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    };
    const expected = { input: 86, cached_input: 1920, cache_write: 0, output: 300, reasoning: 0 };
    expect(tokensOf(parseWith(usage))).toEqual(expected);
    expect(tokensOf(parseWith(usage, { usage_format: "openai_chat" }))).toEqual(expected);
  });

  it("splits reasoning tokens out of completion_tokens", () => {
    const usage: CompletionUsage = {
      prompt_tokens: 75,
      completion_tokens: 1186,
      total_tokens: 1261,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 1024 },
    };
    expect(tokensOf(parseWith(usage))).toEqual({
      input: 75,
      cached_input: 0,
      cache_write: 0,
      output: 162,
      reasoning: 1024,
    });
  });

  it("maps prompt_tokens_details.cache_write_tokens to cache_write, out of prompt_tokens", () => {
    const usage: CompletionUsage = {
      prompt_tokens: 5000,
      completion_tokens: 10,
      total_tokens: 5010,
      prompt_tokens_details: { cached_tokens: 1024, cache_write_tokens: 2048 },
    };
    expect(tokensOf(parseWith(usage))).toEqual({
      input: 1928,
      cached_input: 1024,
      cache_write: 2048,
      output: 10,
      reasoning: 0,
    });
  });

  it("keeps audio and predicted-output tokens counted inside input and output (they are subsets)", () => {
    const usage: CompletionUsage = {
      prompt_tokens: 123,
      completion_tokens: 1000,
      total_tokens: 1123,
      prompt_tokens_details: { audio_tokens: 100, cached_tokens: 0 },
      completion_tokens_details: {
        audio_tokens: 400,
        accepted_prediction_tokens: 300,
        rejected_prediction_tokens: 100,
      },
    };
    expect(tokensOf(parseWith(usage))).toEqual({
      input: 123,
      cached_input: 0,
      cache_write: 0,
      output: 1000,
      reasoning: 0,
    });
  });

  it("accepts the minimal shape without details", () => {
    const usage: CompletionUsage = { prompt_tokens: 9, completion_tokens: 12, total_tokens: 21 };
    expect(tokensOf(parseWith(usage))).toMatchObject({ input: 9, output: 12, cached_input: 0, reasoning: 0 });
  });
});

describe("OpenAI Responses usage", () => {
  it("splits cached, cache-write and reasoning tokens out of input_tokens and output_tokens", () => {
    const usage: ResponseUsage = {
      input_tokens: 5000,
      input_tokens_details: { cached_tokens: 4096, cache_write_tokens: 512 },
      output_tokens: 1186,
      output_tokens_details: { reasoning_tokens: 1024 },
      total_tokens: 6186,
    };
    const expected = { input: 392, cached_input: 4096, cache_write: 512, output: 162, reasoning: 1024 };
    expect(tokensOf(parseWith(usage))).toEqual(expected);
    expect(tokensOf(parseWith(usage, { usage_format: "openai_responses" }))).toEqual(expected);
  });
});

describe("Anthropic Messages usage", () => {
  const usage: AnthropicUsage = {
    input_tokens: 21,
    cache_creation_input_tokens: 2051,
    cache_read_input_tokens: 188086,
    cache_creation: { ephemeral_5m_input_tokens: 2051, ephemeral_1h_input_tokens: 0 },
    output_tokens: 393,
    output_tokens_details: { thinking_tokens: 280 },
    server_tool_use: { web_search_requests: 1, web_fetch_requests: 0 },
    service_tier: "standard",
    inference_geo: null,
    speed: null,
  };

  it("maps cache reads and writes, and keeps thinking inside output (billed as output)", () => {
    const expected = { input: 21, cached_input: 188086, cache_write: 2051, output: 393, reasoning: 0 };
    expect(tokensOf(parseWith(usage))).toEqual(expected);
    expect(tokensOf(parseWith(usage, { usage_format: "anthropic" }))).toEqual(expected);
  });

  it("reads null cache fields as zero", () => {
    const uncached: AnthropicUsage = { ...usage, cache_creation_input_tokens: null, cache_read_input_tokens: null };
    expect(tokensOf(parseWith(uncached))).toEqual({
      input: 21,
      cached_input: 0,
      cache_write: 0,
      output: 393,
      reasoning: 0,
    });
  });
});

describe("OpenRouter usage", () => {
  const usage: OpenRouterUsage = {
    prompt_tokens: 194,
    completion_tokens: 2,
    total_tokens: 196,
    prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 100, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
    cost: 0.95,
    is_byok: false,
    cost_details: { upstream_inference_cost: 19 },
  };

  it("converts tokens like OpenAI chat and keeps cost as an exact decimal string", () => {
    const result = parseWith(usage);
    expect(tokensOf(result)).toEqual({ input: 94, cached_input: 0, cache_write: 100, output: 2, reasoning: 0 });
    expect(result).toMatchObject({ ok: true, event: { reported_cost: "0.95" } });
    expect(parseWith(usage, { usage_format: "openrouter" })).toMatchObject({ event: { reported_cost: "0.95" } });
  });

  it.each([
    [1.23e-7, "0.000000123"],
    [0.1 + 0.2, "0.30000000000000004"],
    [0, "0"],
    [12345.678901234567, "12345.678901234567"],
  ])("keeps cost %s as %s (shortest round-trip string, no float math)", (cost, expected) => {
    expect(parseWith({ ...usage, cost })).toMatchObject({ ok: true, event: { reported_cost: expected } });
  });

  it("has no reported cost for OpenAI's own usage", () => {
    const result = parseWith({ prompt_tokens: 1, completion_tokens: 1 });
    expect(result.ok && "reported_cost" in result.event).toBe(false);
  });

  it.each([
    [-0.01, "usage.cost: must be >= 0"],
    ["0.95", "usage.cost: must be a number (USD credits)"],
    [1e-31, "usage.cost: must have at most 30 decimal places"],
    [1e12, "usage.cost: must be < 10^12"],
  ])("rejects cost %s", (cost, message) => {
    expect(rejectionOf(parseWith({ ...usage, cost }))).toMatchObject({ code: "invalid_event", message, id: "evt" });
  });
});

describe("provider usage: unknown keys", () => {
  it("tolerates keys providers add, without counting them", () => {
    const usage = {
      prompt_tokens: 125,
      completion_tokens: 48,
      total_tokens: 173,
      prompt_tokens_details: { text_tokens: 125, image_tokens: 9999, cached_tokens: 98 },
      completion_tokens_details: { reasoning_tokens: 0, future_tokens: 5000 },
      server_side_tokens: 777,
    };
    expect(tokensOf(parseWith(usage))).toEqual({
      input: 27,
      cached_input: 98,
      cache_write: 0,
      output: 48,
      reasoning: 0,
    });
  });
});

describe("provider usage: rejections name the field", () => {
  it.each([
    [
      { prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 11 } },
      "usage.prompt_tokens_details.cached_tokens: 11 exceeds usage.prompt_tokens (10)",
    ],
    [
      { prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 6, cache_write_tokens: 5 } },
      "usage.prompt_tokens_details.cached_tokens + cache_write_tokens: 11 exceeds usage.prompt_tokens (10)",
    ],
    [
      { prompt_tokens: 10, completion_tokens: 1, completion_tokens_details: { reasoning_tokens: 2 } },
      "usage.completion_tokens_details.reasoning_tokens: 2 exceeds usage.completion_tokens (1)",
    ],
    [
      { prompt_tokens: 10, completion_tokens: 1, total_tokens: 12 },
      "usage.total_tokens: 12 is not prompt_tokens + completion_tokens (11)",
    ],
    [{ prompt_tokens: -1, completion_tokens: 1 }, "usage.prompt_tokens: must be >= 0"],
    [{ prompt_tokens: 1.5, completion_tokens: 1 }, "usage.prompt_tokens: must be an integer"],
    [{ prompt_tokens: 2 ** 64, completion_tokens: 1 }, "usage.prompt_tokens: must be <= 1000000000000"],
    [{ prompt_tokens: "10", completion_tokens: 1 }, "usage.prompt_tokens: must be an integer number of tokens"],
    [{ prompt_tokens: 10 }, "usage.completion_tokens: is required"],
    [
      { input_tokens: 10, output_tokens: 2, input_tokens_details: { cached_tokens: 11 } },
      "usage.input_tokens_details.cached_tokens: 11 exceeds usage.input_tokens (10)",
    ],
    [
      { input_tokens: 10, input_tokens_details: {}, output_tokens: 2, output_tokens_details: { reasoning_tokens: 3 } },
      "usage.output_tokens_details.reasoning_tokens: 3 exceeds usage.output_tokens (2)",
    ],
    [
      { input_tokens: 10, output_tokens: 2, cache_read_input_tokens: -5 },
      "usage.cache_read_input_tokens: must be >= 0",
    ],
    [
      { input_tokens: 10, output_tokens: 2, cache_creation_input_tokens: 1e13 },
      "usage.cache_creation_input_tokens: must be <= 1000000000000",
    ],
  ])("rejects inconsistent or invalid usage (case %#)", (usage, message) => {
    const rejection = rejectionOf(parseWith(usage));
    expect(rejection.code).toBe("invalid_event");
    expect(rejection.message.startsWith(message)).toBe(true);
  });

  it("rejects token fields next to usage", () => {
    const result = parseWith({ prompt_tokens: 1, completion_tokens: 1 }, { input_tokens: 1, output_tokens: 1 });
    expect(rejectionOf(result)).toMatchObject({
      code: "invalid_event",
      message:
        "usage: cannot be combined with input_tokens, output_tokens; send token fields or a provider usage object",
    });
  });

  it("rejects usage_format without usage, and unknown formats", () => {
    const withoutUsage = parseUsageEvent({ id: "a", model: "m", usage_format: "anthropic" }, now);
    expect(rejectionOf(withoutUsage).message).toBe("usage_format: only allowed with usage");
    const unknown = parseWith({ input_tokens: 1, output_tokens: 1 }, { usage_format: "gemini" });
    expect(rejectionOf(unknown).message).toBe(
      "usage_format: must be one of openai_chat, openai_responses, anthropic, openrouter",
    );
  });

  it.each([[[1, 2]], ["prompt_tokens=1"], [null], [7]])("rejects a usage that is not an object: %j", (usage) => {
    expect(rejectionOf(parseWith(usage)).message).toBe("usage: must be an object (a provider's usage object)");
  });

  it("refuses to guess between OpenAI Responses and Anthropic when the keys cannot tell", () => {
    const rejection = rejectionOf(parseWith({ input_tokens: 10, output_tokens: 2 }));
    expect(rejection.message).toBe(
      "usage: cannot tell the provider format from its keys; " +
        "set usage_format to openai_chat, openai_responses, anthropic or openrouter",
    );
    expect(tokensOf(parseWith({ input_tokens: 10, output_tokens: 2 }, { usage_format: "anthropic" }))).toMatchObject({
      input: 10,
      output: 2,
    });
  });

  it("refuses keys of two formats at once", () => {
    const rejection = rejectionOf(parseWith({ prompt_tokens: 10, completion_tokens: 1, cache_read_input_tokens: 5 }));
    expect(rejection.message).toBe(
      "usage: keys of more than one provider format: prompt_tokens, completion_tokens (openai_chat) and " +
        "cache_read_input_tokens (anthropic); set usage_format to openai_chat, openai_responses, anthropic or openrouter",
    );
  });

  it("applies the stated format even when the keys look like another one", () => {
    const rejection = rejectionOf(
      parseWith({ prompt_tokens: 10, completion_tokens: 1 }, { usage_format: "anthropic" }),
    );
    expect(rejection.message).toBe("usage.input_tokens: is required");
  });
});

import type { Usage as AnthropicUsage } from "@anthropic-ai/sdk/resources/messages";
import type { CompletionUsage } from "openai/resources/completions";
import { describe, expect, it } from "vitest";
import { useTestIngest } from "./support/ingest-fixture.ts";

const fixture = useTestIngest();

async function queuedEvent(id: string) {
  const groups = await fixture.ingest().storedGroups();
  return groups.flatMap((group) => group.events).find((event) => event.id === id);
}

describe("POST /v1/events with a provider usage object", () => {
  it("queues an OpenAI Chat Completions usage as additive canonical tokens", async () => {
    const usage: CompletionUsage = {
      prompt_tokens: 2006,
      completion_tokens: 300,
      total_tokens: 2306,
      prompt_tokens_details: { cached_tokens: 1920 },
      completion_tokens_details: { reasoning_tokens: 192 },
    };
    const response = await fixture.ingest().post({ id: "oa-1", model: "openai/gpt-5", usage });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await queuedEvent("oa-1"))?.tokens).toEqual({
      input: 86,
      cached_input: 1920,
      cache_write: 0,
      output: 108,
      reasoning: 192,
    });
  });

  it("queues an Anthropic Messages usage with cache reads and writes", async () => {
    const usage: AnthropicUsage = {
      input_tokens: 21,
      output_tokens: 393,
      cache_creation_input_tokens: 188_086,
      cache_read_input_tokens: 1_024,
      cache_creation: null,
      inference_geo: null,
      output_tokens_details: null,
      server_tool_use: null,
      service_tier: "standard",
      speed: null,
    };
    const response = await fixture.ingest().post({ id: "an-1", model: "anthropic/claude-sonnet-4-5", usage });
    expect(response.statusCode).toBe(202);
    expect((await queuedEvent("an-1"))?.tokens).toEqual({
      input: 21,
      cached_input: 1024,
      cache_write: 188_086,
      output: 393,
      reasoning: 0,
    });
  });

  it("rejects an inconsistent usage object per event while the batch's good events go through", async () => {
    const response = await fixture.ingest().post({
      events: [
        {
          id: "bad-usage",
          model: "openai/gpt-5",
          usage: { prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 11 } },
        },
        { id: "mixed", model: "openai/gpt-5", input_tokens: 5, usage: { prompt_tokens: 5, completion_tokens: 1 } },
        { id: "good", model: "openai/gpt-5", input_tokens: 5 },
      ],
    });
    expect(response.statusCode).toBe(202);
    const body = response.json<{
      accepted: number;
      rejected: { index: number; id: string; code: string; message: string }[];
    }>();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((rejection) => [rejection.index, rejection.id, rejection.code])).toEqual([
      [0, "bad-usage", "invalid_event"],
      [1, "mixed", "invalid_event"],
    ]);
    expect(body.rejected[0]?.message).toMatch(/cached_tokens/);
    expect(await queuedEvent("bad-usage")).toBeUndefined();
    expect(await queuedEvent("mixed")).toBeUndefined();
    expect(await queuedEvent("good")).toBeDefined();
  });
});

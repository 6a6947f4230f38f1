import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { parseUsageEvent, type QueuedUsageEvent } from "@tollgate/domain";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordUsageJob } from "../src/jobs/record-usage.ts";

const now = new Date();
let database: TestDatabase;
let pool: pg.Pool;
let tenantId = "";

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  tenantId = randomUUID();
  await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3)", [tenantId, "reported-cost", "R"]);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

function parsed(raw: unknown): QueuedUsageEvent {
  const result = parseUsageEvent(raw, now);
  if (!result.ok) throw new Error(result.message);
  return result.event;
}

describe("recordUsageJob: provider-reported cost", () => {
  it("stores OpenRouter's usage.cost exactly, null without one, and once on a re-run", async () => {
    const openRouter = parsed({
      id: "or-1",
      model: "anthropic/claude-sonnet-4.5",
      usage: {
        prompt_tokens: 194,
        completion_tokens: 2,
        total_tokens: 196,
        cost: 0.000123456789012345,
        prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 100 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    const plain = parsed({ id: "plain-1", model: "openai/gpt-5", input_tokens: 5 });
    const payload = {
      receivedAt: now.toISOString(),
      batches: [{ tenantId, apiKeyId: null, events: [openRouter, plain] }],
    };

    expect(await recordUsageJob(pool, payload)).toMatchObject({ inserted: 2, duplicates: 0 });
    expect(await recordUsageJob(pool, payload)).toMatchObject({ inserted: 0, duplicates: 2 });

    const rows = await pool.query<{
      event_id: string;
      reported_cost: string | null;
      input_tokens: string;
      cache_write_tokens: string;
    }>(
      "SELECT event_id, reported_cost::text, input_tokens::text, cache_write_tokens::text FROM usage_events ORDER BY event_id",
    );
    expect(rows.rows).toEqual([
      {
        event_id: "or-1",
        reported_cost: "0.000123456789012345000000000000",
        input_tokens: "94",
        cache_write_tokens: "100",
      },
      { event_id: "plain-1", reported_cost: null, input_tokens: "5", cache_write_tokens: "0" },
    ]);
  });
});

import { randomUUID } from "node:crypto";
import { copyRows, copyTextRow } from "@tollgate/db/bulk";
import pg from "pg";
import type { EventTemplate } from "./event-templates.ts";

/**
 * The batched target's reference: raw `COPY` of the same event rows into a fresh copy of usage_events (same
 * columns, defaults, constraints and indexes), with no queue, rating, ledger or rollups. A copy, so that measuring
 * the reference before the pipeline phases leaves their table as it was. Returns rows per second.
 */
export async function measureCopyRate(
  databaseUrl: string,
  tenantId: string,
  templates: readonly EventTemplate[],
  rows: number,
): Promise<{ rows: number; seconds: number; rowsPerSecond: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const table = `copy_reference_${randomUUID().slice(0, 8)}`;
  await client.query(`CREATE TABLE ${table} (LIKE usage_events INCLUDING ALL)`);
  try {
    const run = randomUUID().slice(0, 8);
    const now = new Date().toISOString();
    function* lines(): Generator<string> {
      for (let index = 0; index < rows; index += 1) {
        const fields = templates[index % templates.length]?.fields;
        if (!fields) throw new Error("no event templates");
        yield copyTextRow([
          tenantId,
          `copy-${run}-${index.toString()}`,
          now,
          now,
          fields.model,
          ...fields.tokens,
          fields.customer,
          fields.agent,
          fields.taskId,
          fields.sessionId,
          "ok",
          "unrated",
        ]);
      }
    }
    const started = performance.now();
    await copyRows(
      client,
      `COPY ${table} (tenant_id, event_id, occurred_at, received_at, model_id, input_tokens, cached_input_tokens,
         cache_write_tokens, output_tokens, reasoning_tokens, customer, agent, task_id, session_id, status,
         rating_status) FROM STDIN`,
      lines(),
    );
    const seconds = (performance.now() - started) / 1000;
    return { rows, seconds, rowsPerSecond: rows / seconds };
  } finally {
    await client.query(`DROP TABLE ${table}`);
    await client.end();
  }
}

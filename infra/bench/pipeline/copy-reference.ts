import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { EventTemplate } from "./event-templates.ts";

/** COPY text format: backslash, tab and newlines escaped; NULL is \N. */
function copyField(value: string | number | null): string {
  if (value === null) return "\\N";
  return String(value).replace(
    /[\\\t\n\r]/g,
    (char) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[char] ?? "",
  );
}

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
      let chunk = "";
      for (let index = 0; index < rows; index += 1) {
        const fields = templates[index % templates.length]?.fields;
        if (!fields) throw new Error("no event templates");
        chunk +=
          [
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
          ]
            .map(copyField)
            .join("\t") + "\n";
        if (chunk.length > 64 * 1024) {
          yield chunk;
          chunk = "";
        }
      }
      if (chunk) yield chunk;
    }
    const started = performance.now();
    await pipeline(
      Readable.from(lines()),
      client.query(
        copyFrom(
          `COPY ${table} (tenant_id, event_id, occurred_at, received_at, model_id, input_tokens,
             cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, customer, agent, task_id,
             session_id, status, rating_status) FROM STDIN`,
        ),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    return { rows, seconds, rowsPerSecond: rows / seconds };
  } finally {
    await client.query(`DROP TABLE ${table}`);
    await client.end();
  }
}

import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ClientBase } from "pg";
import { from as copyFrom } from "pg-copy-streams";

export type CopyValue = string | number | bigint | null;

const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One field in COPY's text format: backslash, tab and line breaks escaped; NULL is \N. */
export function copyTextField(value: CopyValue): string {
  if (value === null) return "\\N";
  if (typeof value !== "string") return value.toString();
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char] ?? char) : value;
}

/** An optional text field: undefined and null are NULL. */
export function copyOptionalText(value: string | null | undefined): string {
  return value === undefined || value === null ? "\\N" : copyTextField(value);
}

/** One row in COPY's text format (fields in the statement's column order), newline included. */
export function copyTextRow(values: readonly CopyValue[]): string {
  let line = copyTextField(values[0] ?? null);
  for (let index = 1; index < values.length; index += 1) line += "\t" + copyTextField(values[index] ?? null);
  return line + "\n";
}

/**
 * Streams rows into `COPY <table> (<columns>) FROM STDIN` on this connection (inside the caller's transaction, if
 * any): the cheapest way to insert many rows, in Postgres and in the client. A constraint violation fails the whole
 * COPY, as one statement would.
 */
export async function copyRows(client: ClientBase, statement: string, rows: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks(rows)), client.query(copyFrom(statement)));
}

/** Rows joined into ~64 KiB chunks: one stream write per row would cost more than the rows. */
function* chunks(rows: Iterable<string>): Generator<string> {
  let chunk = "";
  for (const row of rows) {
    chunk += row;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

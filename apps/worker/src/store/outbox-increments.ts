/*
 * The deferred upserts read their increments from the aggregate_outbox rows they apply (see aggregate-outbox.ts):
 * the rows are deleted in the upsert's own statement and their parameters (a JSON array of array literals, one per
 * column) unnested there. Nothing is sent twice, and the increments of many jobs are summed in one statement.
 */

/** `taken`: the outbox rows of $1 (locked by the caller), deleted, each with its parameters parsed once. */
export const TAKE_OUTBOX_ROWS = `taken AS (
       DELETE FROM aggregate_outbox WHERE id = ANY($1::bigint[]) RETURNING id, params::jsonb AS p)`;

/**
 * The increments of every taken row as rows `x(<names>, ord)`: one array per column, `types` in column order;
 * ordered by (taken.id, x.ord), the order the jobs' rows were written in.
 */
export function takenIncrements(columns: readonly (readonly [name: string, type: string])[]): string {
  const arrays = columns.map(([, type], index) => `(taken.p->>${index.toString()})::${type}[]`);
  const names = columns.map(([name]) => name);
  return `taken CROSS JOIN LATERAL unnest(${arrays.join(", ")}) WITH ORDINALITY AS x(${names.join(", ")}, ord)`;
}

/** The counts and token counts every increment carries, after its key columns (increment-columns.ts's order). */
export const COUNT_COLUMNS = [
  ["event_count", "bigint"],
  ["unrated_count", "bigint"],
  ["input_tokens", "bigint"],
  ["cached_input_tokens", "bigint"],
  ["cache_write_tokens", "bigint"],
  ["output_tokens", "bigint"],
  ["reasoning_tokens", "bigint"],
] as const;

/** The five amounts per token type, last in every increment (increment-columns.ts's order). */
export const TYPE_AMOUNT_COLUMNS = [
  ["input_amount", "numeric"],
  ["cached_input_amount", "numeric"],
  ["cache_write_amount", "numeric"],
  ["output_amount", "numeric"],
  ["reasoning_amount", "numeric"],
] as const;

/** `sum(x.<name>)` for each column, comma-separated. */
export function sums(columns: readonly (readonly [name: string, type: string])[]): string {
  return columns.map(([name]) => `sum(x.${name})`).join(", ");
}

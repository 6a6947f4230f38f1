const NEEDS_ESCAPE = /["\\]/;

/**
 * A Postgres array literal (`{"a","b",NULL}`) for a `$n::<type>[]` parameter. Building it here costs one string per
 * column instead of node-postgres's per-element value preparation and escaping, which showed in the worker's
 * profile. Every element is quoted, so commas, braces, blanks and the text "NULL" stay data; null is SQL NULL.
 */
export function arrayLiteral(values: readonly (string | null)[]): string {
  // Usually nothing is null or needs escaping: then one join builds the literal as one flat string.
  if (values.every(isPlainElement)) return values.length === 0 ? "{}" : `{"${values.join('","')}"}`;
  let literal = "{";
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] ?? null;
    if (index > 0) literal += ",";
    if (value === null) literal += "NULL";
    else if (NEEDS_ESCAPE.test(value)) literal += `"${value.replace(/["\\]/g, "\\$&")}"`;
    else literal += `"${value}"`;
  }
  return `${literal}}`;
}

function isPlainElement(value: string | null): value is string {
  return value !== null && !NEEDS_ESCAPE.test(value);
}

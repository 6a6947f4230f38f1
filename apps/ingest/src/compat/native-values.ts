/** Values as foreign clients send them (form fields and many JSON properties are strings), made canonical. */

const DECIMAL_INTEGER = /^\d{1,13}$/;

/** "1200" becomes 1200; anything else is passed on for the canonical validator to accept or explain. */
export function tokenCountValue(value: unknown): unknown {
  return typeof value === "string" && DECIMAL_INTEGER.test(value) ? Number(value) : value;
}

const UNIX_SECONDS = /^\d{1,12}(\.\d{1,9})?$/;

/**
 * Unix seconds (a number, or a string as Lago and Stripe allow; fractions are milliseconds) as RFC 3339;
 * undefined when absent (the receive time applies), null when not Unix seconds.
 */
export function unixSecondsToIso(value: unknown): string | null | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !UNIX_SECONDS.test(text)) return null;
  const date = new Date(Math.round(Number(text) * 1000));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A native property kept as a metadata string: scalars as text, anything else as JSON. */
export function metadataText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function nonEmptyString(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** A nullable timestamp as the REST API writes it. */
export function isoOrNull(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

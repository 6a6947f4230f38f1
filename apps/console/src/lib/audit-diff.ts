/** One field an audited change touched: its path in the stored JSON and its value before and after (as text). */
export interface AuditFieldChange {
  path: string;
  /** undefined: the field was not there. */
  before: string | undefined;
  after: string | undefined;
}

/** Every leaf of a JSON value by its path ("rates[0].price"); empty objects and arrays are leaves too. */
function leaves(value: unknown, path: string, into: Map<string, string>): Map<string, string> {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((item, index) => leaves(item, `${path}[${index.toString()}]`, into));
  } else if (value !== null && typeof value === "object" && Object.keys(value).length > 0) {
    for (const [key, item] of Object.entries(value)) leaves(item, path === "" ? key : `${path}.${key}`, into);
  } else {
    // Stored values are JSON-safe (decimals and bigints as strings): JSON text shows them exactly as stored.
    into.set(path === "" ? "(value)" : path, JSON.stringify(value));
  }
  return into;
}

/**
 * The fields that differ between an entry's before and after snapshots, in the order they appear (before's fields
 * first, then those only after has). A creation (before null) lists every field of after, a deletion every
 * field of before.
 */
export function auditFieldChanges(before: unknown, after: unknown): AuditFieldChange[] {
  const was = before === null || before === undefined ? new Map<string, string>() : leaves(before, "", new Map());
  const is = after === null || after === undefined ? new Map<string, string>() : leaves(after, "", new Map());
  const paths = [...new Set([...was.keys(), ...is.keys()])];
  return paths
    .filter((path) => was.get(path) !== is.get(path))
    .map((path) => ({ path, before: was.get(path), after: is.get(path) }));
}

/** A JSON leaf of a pricing document: what a field holds once objects and arrays are opened up. */
export type JsonLeaf = string | number | boolean | null;

export interface DocumentFieldChange {
  /** Dotted path, array items by index: "rules.0.multiplier", "spend_cap". */
  path: string;
  /** Absent (undefined) when version A has no such field. */
  before?: JsonLeaf;
  /** Absent (undefined) when version B has no such field. */
  after?: JsonLeaf;
}

export interface DocumentDiff {
  changes: DocumentFieldChange[];
  /** Fields (leaves) equal in both. */
  unchangedCount: number;
}

/** Every leaf of a JSON value by path; an empty array or object is a leaf of its own ("[]" / "{}" as text). */
function leaves(value: unknown, path: string, into: Map<string, JsonLeaf>): void {
  if (Array.isArray(value)) {
    if (value.length === 0 && path !== "") into.set(path, "[]");
    value.forEach((item, index) => {
      leaves(item, path === "" ? String(index) : `${path}.${String(index)}`, into);
    });
    return;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0 && path !== "") into.set(path, "{}");
    for (const [field, item] of entries) leaves(item, path === "" ? field : `${path}.${field}`, into);
    return;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) {
    into.set(path, value);
  }
}

/**
 * Field-by-field changes between two pricing documents (path, before → after), in path order. Arrays compare by
 * position: a rule inserted first shows as every later rule changed, which is how the rating reads them too (rules
 * apply in order).
 */
export function diffPricingDocuments(a: unknown, b: unknown): DocumentDiff {
  const before = new Map<string, JsonLeaf>();
  const after = new Map<string, JsonLeaf>();
  leaves(a, "", before);
  leaves(b, "", after);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort((x, y) =>
    x.localeCompare(y, "en", { numeric: true }),
  );
  const changes: DocumentFieldChange[] = [];
  let unchangedCount = 0;
  for (const path of paths) {
    const had = before.has(path);
    const has = after.has(path);
    const old = before.get(path);
    const next = after.get(path);
    if (had && has && old === next) {
      unchangedCount += 1;
      continue;
    }
    changes.push({ path, ...(had ? { before: old } : {}), ...(has ? { after: next } : {}) });
  }
  return { changes, unchangedCount };
}

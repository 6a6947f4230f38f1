import { createHash } from "node:crypto";

const MAX_EVENT_ID_LENGTH = 200;

/**
 * A canonical event id derived only from a native event's own identity, so a re-sent native event always maps to
 * the same id (and is deduplicated). Readable when it fits; otherwise `<namespace>:sha256:<hex>` of all parts.
 */
export function compatEventId(namespace: string, readable: string, parts: readonly string[]): string {
  if (readable.length <= MAX_EVENT_ID_LENGTH) return readable;
  const digest = createHash("sha256").update(JSON.stringify(parts)).digest("hex");
  return `${namespace}:sha256:${digest}`;
}

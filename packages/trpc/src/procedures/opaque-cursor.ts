import { createHash } from "node:crypto";
import type { z } from "zod";

// A page cursor: the last row's position as base64url JSON, plus a digest that binds it to its scope (tenant,
// range) and catches edits. A digest, not a MAC: a cursor grants nothing (the key decides the tenant, the scope
// bounds the rows), so a forged one could only move within one's own rows.
function check(body: string, scope: string): string {
  return createHash("sha256").update(`${body}|${scope}`).digest("base64url").slice(0, 22);
}

/** An opaque cursor for `position` within `scope`. */
export function encodeOpaqueCursor(position: readonly string[], scope: string): string {
  const body = Buffer.from(JSON.stringify(position)).toString("base64url");
  return `${body}.${check(body, scope)}`;
}

/** The position in a cursor, parsed by `schema`; `invalid()` is thrown when it was altered or is of another scope. */
export function decodeOpaqueCursor<T>(cursor: string, scope: string, schema: z.ZodType<T>, invalid: () => Error): T {
  const [body, digest, ...rest] = cursor.split(".");
  if (!body || !digest || rest.length > 0 || check(body, scope) !== digest) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const position = schema.safeParse(decoded);
  if (!position.success) throw invalid();
  return position.data;
}

import { createHash } from "node:crypto";
import type { UsageEventPosition } from "@tollgate/use-cases/usage";
import { AppError, storedText } from "@tollgate/domain";
import { z } from "zod";

/** What a cursor is valid for: the page walk of one tenant over one range. */
export interface CursorScope {
  tenantId: string;
  from: Date;
  to: Date;
}

const positionSchema = z.tuple([z.iso.datetime(), storedText(200).min(1)]);

// The check binds the position to its scope and catches edits. It is a digest, not a MAC: a cursor grants nothing
// (the key decides the tenant, the range bounds the rows), so a forged one could only move within one's own events.
function check(body: string, scope: CursorScope): string {
  return createHash("sha256")
    .update(`${body}|${scope.tenantId}|${scope.from.toISOString()}|${scope.to.toISOString()}`)
    .digest("base64url")
    .slice(0, 22);
}

/** An opaque cursor for the page after `position`. */
export function encodeEventsCursor(position: UsageEventPosition, scope: CursorScope): string {
  const body = Buffer.from(JSON.stringify([position.occurredAt.toISOString(), position.eventId])).toString("base64url");
  return `${body}.${check(body, scope)}`;
}

/** The position in a cursor; 400 when it was altered or was issued for another tenant or range. */
export function decodeEventsCursor(cursor: string, scope: CursorScope): UsageEventPosition {
  const invalid = () =>
    new AppError("bad_request", "invalid cursor: pass next_cursor unchanged, with the same from, to and tenant");
  const [body, digest, ...rest] = cursor.split(".");
  if (!body || !digest || rest.length > 0 || check(body, scope) !== digest) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const position = positionSchema.safeParse(decoded);
  if (!position.success) throw invalid();
  const [occurredAt, eventId] = position.data;
  return { occurredAt: new Date(occurredAt), eventId };
}

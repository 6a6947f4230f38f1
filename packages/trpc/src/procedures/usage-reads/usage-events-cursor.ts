import type { UsageEventPosition } from "@tollgate/use-cases/usage";
import { AppError, storedText } from "@tollgate/domain";
import { z } from "zod";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "../opaque-cursor.ts";

/** What a cursor is valid for: the page walk of one tenant over one range. */
export interface CursorScope {
  tenantId: string;
  from: Date;
  to: Date;
}

const positionSchema = z.tuple([z.iso.datetime(), storedText(200).min(1)]);

const scopeText = (scope: CursorScope) => `${scope.tenantId}|${scope.from.toISOString()}|${scope.to.toISOString()}`;

/** An opaque cursor for the page after `position`. */
export function encodeEventsCursor(position: UsageEventPosition, scope: CursorScope): string {
  return encodeOpaqueCursor([position.occurredAt.toISOString(), position.eventId], scopeText(scope));
}

/** The position in a cursor; 400 when it was altered or was issued for another tenant or range. */
export function decodeEventsCursor(cursor: string, scope: CursorScope): UsageEventPosition {
  const invalid = () =>
    new AppError("bad_request", "invalid cursor: pass next_cursor unchanged, with the same from, to and tenant");
  const [occurredAt, eventId] = decodeOpaqueCursor(cursor, scopeText(scope), positionSchema, invalid);
  return { occurredAt: new Date(occurredAt), eventId };
}

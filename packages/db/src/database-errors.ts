import { AppError } from "@tollgate/domain";

// SQLSTATEs (and Prisma's code for the first) that mean the request, not the server, is at fault.
const UNIQUE_VIOLATION = new Set(["P2002", "23505"]);
const INVALID_VALUE = new Set([
  "22P05", // untranslatable character (e.g. \u0000 in jsonb)
  "22021", // character not in repertoire (NUL or bad bytes in text)
  "22P02", // invalid text representation (a uuid, numeric or enum that does not parse)
  "22001", // string too long for its column
  "22003", // numeric value out of range
]);
// A database rule refused the change (finalized invoices and credit notes are immutable): the request conflicts
// with the record's state.
const RESTRICT_VIOLATION = "23001";
const MAX_MESSAGE = 200;

/**
 * The one mapping of database errors to what the client did: a unique violation is a 409 conflict, a value
 * Postgres cannot store or parse a 400. Schemas should refuse such input first; this keeps whatever slips past a
 * 4xx instead of a 500. Undefined for every other error (those stay 500s and are logged).
 *
 * Prisma 7 with @prisma/adapter-pg throws PrismaClientKnownRequestError with `code` (P2002 for a unique
 * violation, P2039/P2007/P2010 otherwise) and the SQLSTATE at `meta.driverAdapterError.cause.originalCode`;
 * `pg` itself (COPY, raw pools) throws a DatabaseError whose `code` is the SQLSTATE.
 */
export function translateDatabaseError(error: unknown): AppError | undefined {
  for (const { code, message } of errorCodes(error)) {
    if (UNIQUE_VIOLATION.has(code)) return new AppError("conflict", "conflicts with an existing record");
    if (code === RESTRICT_VIOLATION) return new AppError("conflict", (message ?? code).slice(0, MAX_MESSAGE));
    if (INVALID_VALUE.has(code)) {
      return new AppError("bad_request", `a value cannot be stored: ${(message ?? code).slice(0, MAX_MESSAGE)}`);
    }
  }
  return undefined;
}

interface ErrorCode {
  code: string;
  message: string | undefined;
}

/** The codes an error carries: its own, then its driver adapter error's and that error's cause's. */
function errorCodes(error: unknown): ErrorCode[] {
  const found: ErrorCode[] = [];
  const visit = (value: unknown, depth: number) => {
    if (typeof value !== "object" || value === null || depth > 3) return;
    const record = value as Record<string, unknown>;
    // A Postgres error report (pg's DatabaseError, the adapter's cause) has a severity and Postgres' own message;
    // Prisma's top-level message quotes the calling source code, so it is never used.
    const ownMessage =
      typeof record.severity === "string" && typeof record.message === "string" ? record.message : undefined;
    const message = typeof record.originalMessage === "string" ? record.originalMessage : ownMessage;
    for (const key of ["originalCode", "code"]) {
      const code = record[key];
      if (typeof code === "string") found.push({ code, message });
    }
    const meta = record.meta as Record<string, unknown> | undefined;
    visit(meta?.driverAdapterError, depth + 1);
    visit(record.cause, depth + 1);
  };
  visit(error, 0);
  return found;
}

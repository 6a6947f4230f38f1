import { translateDatabaseError } from "@tollgate/db";
import { AppError, type ErrorCode } from "@tollgate/domain";
import { TRPCError } from "@trpc/server";

type TrpcCode = TRPCError["code"];

/** The one place AppError codes become tRPC codes. */
const TRPC_CODE_BY_ERROR: Record<ErrorCode, TrpcCode> = {
  bad_request: "BAD_REQUEST",
  unauthenticated: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  payload_too_large: "PAYLOAD_TOO_LARGE",
  unsupported_media_type: "UNSUPPORTED_MEDIA_TYPE",
  rate_limited: "TOO_MANY_REQUESTS",
  unavailable: "SERVICE_UNAVAILABLE",
};

export function toTrpcError(thrown: unknown): unknown {
  // A database error the client caused (unique violation, unstorable text) is that client's 4xx, as on REST.
  const error = thrown instanceof AppError ? thrown : (translateDatabaseError(thrown) ?? thrown);
  if (error instanceof AppError) {
    return new TRPCError({ code: TRPC_CODE_BY_ERROR[error.code], message: error.message, cause: error });
  }
  return error;
}

import { AppError, HTTP_STATUS_BY_CODE } from "@tollgate/domain";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** An error as a compatibility endpoint reports it, before it is put in the product's native shape. */
export interface NativeError {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export type NativeErrorRenderer = (error: NativeError, request: FastifyRequest, reply: FastifyReply) => unknown;

const CODE_BY_STATUS: Record<number, string> = {
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

/**
 * Errors in a compatibility scope keep Tollgate's codes and statuses but take the product's native body shape, so
 * its client raises its own error type (not a parse failure). Client mistakes stay 4xx; only our own faults are 5xx.
 */
export function registerNativeErrorHandler(scope: FastifyInstance, render: NativeErrorRenderer): void {
  scope.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const native = toNativeError(error);
    if (native.status >= 500 && !(error instanceof AppError)) request.log.error({ err: error }, "unhandled error");
    if (typeof native.details.retryAfterSeconds === "number") {
      void reply.header("retry-after", String(native.details.retryAfterSeconds));
    }
    // The renderer may set a product-specific status (Lago answers validation errors with 422).
    void reply.status(native.status);
    const body = render(native, request, reply);
    return reply.send(body);
  });
}

function toNativeError(error: FastifyError | AppError): NativeError {
  if (error instanceof AppError) {
    const status = HTTP_STATUS_BY_CODE[error.code];
    return { status, code: error.code, message: error.message, details: error.details ?? {} };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { status, code: CODE_BY_STATUS[status] ?? "bad_request", message: error.message, details: {} };
  }
  return { status: 500, code: "internal", message: "internal error", details: {} };
}

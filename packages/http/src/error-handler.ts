import { AppError, HTTP_STATUS_BY_CODE, type ErrorCode } from "@tollgate/domain";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** The JSON shape of every error response from every Tollgate HTTP service. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

// Fastify's own client errors (bad JSON, wrong content type, body too large) keep their status; we only give them
// our codes so clients see one error vocabulary.
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: "bad_request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

/** Recognizes errors of a layer this package cannot depend on (e.g. the database's) as what the client did. */
export type ErrorTranslator = (error: unknown) => AppError | undefined;

export interface ErrorHandlerOptions {
  /** Consulted for every error that is not an AppError; undefined leaves it to the rules below. */
  translate?: ErrorTranslator;
}

/** The one place errors become HTTP responses. Client mistakes get a 4xx with a message; never a 5xx. */
export function registerErrorHandler(app: FastifyInstance, options: ErrorHandlerOptions = {}): void {
  app.setErrorHandler((thrown: FastifyError | AppError, request, reply) => {
    const error = thrown instanceof AppError ? thrown : (options.translate?.(thrown) ?? thrown);
    if (error instanceof AppError) {
      const status = HTTP_STATUS_BY_CODE[error.code];
      // 429 (throttled) and 503 (a dependency is away) tell the client when to come back.
      if (typeof error.details?.retryAfterSeconds === "number") {
        void reply.header("retry-after", String(error.details.retryAfterSeconds));
      }
      return reply.status(status).send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = CODE_BY_STATUS[status] ?? "bad_request";
      return reply.status(status).send({ error: { code, message: error.message } });
    }
    request.log.error({ err: error }, "unhandled error");
    return reply.status(500).send({ error: { code: "internal", message: "internal error" } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: "not_found", message: `no route ${request.method} ${request.url}` } }),
  );
}

/**
 * Fastify's `frameworkErrors` option: errors raised before routing (a path that is not valid percent-encoded UTF-8,
 * a bad Content-Type) in the same {error: {code, message}} shape as every other error.
 */
export function renderFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status =
    error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply.status(status).send({ error: { code: CODE_BY_STATUS[status] ?? "bad_request", message: error.message } });
}

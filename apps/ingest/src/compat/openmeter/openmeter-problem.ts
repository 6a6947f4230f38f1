import { STATUS_CODES } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { NativeError } from "../native-error-handler.ts";

/**
 * OpenMeter answers errors as RFC 7807 problem details; its SDK reads `detail` from `application/problem+json`.
 * Tollgate's code is an extension member; per-event rejections and counts are in `extensions`.
 */
export function renderOpenMeterProblem(error: NativeError, request: FastifyRequest, reply: FastifyReply) {
  // The SDK compares the content type exactly; Fastify would append "; charset=utf-8" to anything but a Buffer.
  void reply.header("content-type", "application/problem+json");
  const { retryAfterSeconds: _retry, ...extensions } = error.details;
  const problem = {
    type: "about:blank",
    title: STATUS_CODES[error.status] ?? "Error",
    status: error.status,
    detail: error.message,
    code: error.code,
    instance: request.url,
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
  };
  return Buffer.from(JSON.stringify(problem));
}

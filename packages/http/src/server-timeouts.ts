import type { ServerOptions } from "node:http";
import { z } from "zod";

const milliseconds = z.coerce.number().int().min(100).max(3_600_000);

/**
 * Timeouts every Tollgate HTTP server sets (Fastify 5 has no request timeout by default, so a client trickling a
 * body held its connection for ever). Apps extend their env schema with this and pass the values to
 * `serverTimeoutOptions`.
 */
export const httpTimeoutsEnvSchema = z.object({
  /** The whole request, headers and body, must arrive within this; else 408 and the connection is closed. */
  HTTP_REQUEST_TIMEOUT_MS: milliseconds.default(30_000),
  /** The request headers must arrive within this (capped at the request timeout). */
  HTTP_HEADERS_TIMEOUT_MS: milliseconds.default(10_000),
  /** A connection on which nothing is sent or received for this long is closed (a stalled client). */
  HTTP_CONNECTION_TIMEOUT_MS: milliseconds.default(60_000),
  /** An idle keep-alive connection is closed after this; longer than common load balancers' idle timeout (60 s). */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds.default(72_000),
});
export type HttpTimeoutsEnv = z.infer<typeof httpTimeoutsEnvSchema>;

/** The subset of Fastify's server options that holds the timeouts. */
export interface ServerTimeoutOptions {
  connectionTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  http: Pick<ServerOptions, "requestTimeout" | "headersTimeout" | "connectionsCheckingInterval">;
}

/** Fastify server options enforcing the timeouts (spread them into `Fastify({...})`). */
export function serverTimeoutOptions(env: HttpTimeoutsEnv): ServerTimeoutOptions {
  const requestTimeout = env.HTTP_REQUEST_TIMEOUT_MS;
  const headersTimeout = Math.min(env.HTTP_HEADERS_TIMEOUT_MS, requestTimeout);
  return {
    connectionTimeout: env.HTTP_CONNECTION_TIMEOUT_MS,
    requestTimeout,
    keepAliveTimeout: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    http: {
      requestTimeout,
      headersTimeout,
      // Node enforces the request and headers timeouts only when it sweeps its connections (every 30 s by
      // default), so a slow client could overstay them by that much; sweep at least a few times per timeout.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
  };
}

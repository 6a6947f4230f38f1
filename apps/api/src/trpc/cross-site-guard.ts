import { AppError } from "@tollgate/domain";
import type { FastifyRequest } from "fastify";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for the cookie-authenticated tRPC endpoint. A browser sends the session cookie with a form POST from
 * any site (and SameSite=Lax does not stop same-site ones, e.g. another port of the same host), so:
 * - state-changing calls must be application/json: a cross-origin page cannot send that without a CORS preflight,
 *   which we never grant (tRPC itself would also accept multipart/form-data, which any HTML form can send);
 * - when the browser tells us where the call comes from (Origin, else Sec-Fetch-Site), it must be the api's own
 *   origin (its Host) or one of `allowedOrigins`. Clients that send neither (curl, servers) carry no ambient cookie.
 */
export function checkCrossSiteRequest(request: FastifyRequest, allowedOrigins: readonly string[]): void {
  if (SAFE_METHODS.has(request.method)) return;
  const mediaType = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new AppError("unsupported_media_type", "tRPC calls must be sent as application/json");
  }
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (!isOwnOrAllowed(origin, request.headers.host, allowedOrigins)) {
      throw new AppError("forbidden", "cross-origin request refused");
    }
    return;
  }
  if (request.headers["sec-fetch-site"] === "cross-site") {
    throw new AppError("forbidden", "cross-site request refused");
  }
}

function isOwnOrAllowed(origin: string, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    // "null" (sandboxed frames, some redirects) and garbage are never our own page.
    return false;
  }
  if (host !== undefined && parsed.host === hostAsInOrigin(host, parsed.protocol)) return true;
  return allowedOrigins.includes(parsed.origin);
}

/**
 * The Host header normalized the way URL normalizes an origin's host (lower case, the scheme's default port
 * dropped). The origin's own scheme is used: behind a TLS-terminating proxy the api itself only sees http.
 */
function hostAsInOrigin(host: string, protocol: string): string | null {
  const url = `${protocol}//${host}`;
  return URL.canParse(url) ? new URL(url).host : null;
}

import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

/** A JSON API loads nothing and is never framed: the strictest policy, for responses a browser may still open. */
export const JSON_API_CSP: Record<string, string[]> = {
  "default-src": ["'none'"],
  "frame-ancestors": ["'none'"],
};

export interface SecurityHeadersOptions {
  /** CSP directives; the JSON API policy by default. */
  contentSecurityPolicy?: Record<string, string[]>;
  /** Send Strict-Transport-Security: only when the service is reached over HTTPS. */
  hsts?: boolean;
}

/**
 * Security headers on every response (helmet): the CSP, no framing (frame-ancestors and X-Frame-Options), nosniff,
 * no Referer, same-origin resource and opener policies. Register it before the routes.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeadersOptions = {}): void {
  void app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: options.contentSecurityPolicy ?? JSON_API_CSP },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: options.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}

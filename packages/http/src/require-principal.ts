import { AppError } from "@tollgate/domain";
import type { FastifyRequest } from "fastify";
import { bearerToken } from "./bearer.ts";

/** The minimal principal shape HTTP auth needs (structurally the same as @tollgate/db's Principal for API keys). */
export interface KeyPrincipal {
  kind: "api_key";
  keyId: string | null;
  prefix: string;
  tenantId: string | null;
  scopes: readonly string[];
}

/**
 * Authenticates `Authorization: Bearer <key>` and checks a scope: 401 for a missing/unknown/revoked key,
 * 403 for a key without the scope.
 */
export async function requireKeyScope<P extends { kind: string }>(
  request: FastifyRequest,
  authenticate: (presented: string) => Promise<P | null>,
  scope: string,
): Promise<P & KeyPrincipal> {
  const token = bearerToken(request.headers.authorization);
  if (!token) throw new AppError("unauthenticated", "missing API key: send Authorization: Bearer <key>");
  const principal = await authenticate(token);
  if (principal?.kind !== "api_key") throw new AppError("unauthenticated", "unknown or revoked API key");
  const keyPrincipal = principal as P & KeyPrincipal;
  if (!keyPrincipal.scopes.includes(scope)) throw new AppError("forbidden", `this key lacks the '${scope}' scope`);
  return keyPrincipal;
}

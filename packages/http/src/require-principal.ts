import { AppError } from "@tollgate/domain";
import type { FastifyRequest } from "fastify";
import { bearerToken } from "./bearer.ts";

/**
 * Authenticates `Authorization: Bearer <key>`: 401 for a missing, unknown or revoked key. What the key may do is
 * decided by `authorize` in @tollgate/use-cases/access (the one place access is decided), never here.
 */
export async function requirePrincipal<P>(
  request: FastifyRequest,
  authenticate: (presented: string) => Promise<P | null>,
): Promise<P> {
  const token = bearerToken(request.headers.authorization);
  if (!token) throw new AppError("unauthenticated", "missing API key: send Authorization: Bearer <key>");
  const principal = await authenticate(token);
  if (!principal) throw new AppError("unauthenticated", "unknown or revoked API key");
  return principal;
}

import type { Principal } from "@tollgate/db";
import { AppError } from "@tollgate/domain";
import { bearerToken } from "@tollgate/http";
import type { FastifyRequest } from "fastify";
import type { ApiDeps } from "../api-deps.ts";

/** The API key behind `Authorization: Bearer <key>`; 401 when it is missing, unknown or revoked. */
export async function authenticateRequest(request: FastifyRequest, deps: ApiDeps): Promise<Principal> {
  const token = bearerToken(request.headers.authorization);
  if (!token) throw new AppError("unauthenticated", "missing API key: send Authorization: Bearer <key>");
  const principal = await deps.authenticate(token);
  if (!principal) throw new AppError("unauthenticated", "unknown or revoked API key");
  return principal;
}

import { authorize, type OperatorPrincipal, type Principal } from "@tollgate/use-cases/access";
import { requirePrincipal } from "@tollgate/http";
import type { FastifyRequest } from "fastify";
import type { ApiDeps } from "../api-deps.ts";

/** The API key behind `Authorization: Bearer <key>`; 401 when it is missing, unknown or revoked. */
export async function authenticateRequest(request: FastifyRequest, deps: ApiDeps): Promise<Principal> {
  return requirePrincipal(request, deps.authenticate);
}

/** An operator key (stored without a tenant, or TOLLGATE_OPERATOR_API_KEY): 401 without a key, 403 for a tenant's. */
export async function requireOperatorKey(request: FastifyRequest, deps: ApiDeps): Promise<OperatorPrincipal> {
  return authorize(await authenticateRequest(request, deps), "operator");
}

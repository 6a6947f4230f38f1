import type { ApiKeyScope, UserRole } from "../generated/prisma/enums.ts";

/** Who is calling. Transports build one; services authorize against it. */
export type Principal =
  | { kind: "api_key"; keyId: string | null; prefix: string; tenantId: string | null; scopes: ApiKeyScope[] }
  | { kind: "user"; userId: string; email: string; role: UserRole; tenantId: string | null };

export function isOperator(principal: Principal): boolean {
  return principal.kind === "user" ? principal.role === "operator" : principal.scopes.includes("admin");
}

export function actorOf(principal: Principal): string {
  return principal.kind === "user" ? `user:${principal.userId}` : `api_key:${principal.prefix}`;
}

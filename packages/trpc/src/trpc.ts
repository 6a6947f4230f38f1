import { authorize } from "@tollgate/use-cases/access";
import { AppError } from "@tollgate/domain";
import { initTRPC } from "@trpc/server";
import { z } from "zod";
import type { Context } from "./context.ts";
import { formatTrpcError } from "./error-formatter.ts";
import { toTrpcError } from "./error-mapping.ts";

const t = initTRPC.context<Context>().create({ errorFormatter: formatTrpcError });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

// Only our AppErrors and database errors a client caused are translated; tRPC's own errors (input validation:
// BAD_REQUEST) pass through unchanged, so a ZodError cause is never rethrown bare (that made it a 500).
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok || result.error.cause === undefined) return result;
  const mapped = toTrpcError(result.error.cause);
  if (mapped !== result.error.cause) throw mapped;
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

/** A signed-in console user (API keys are for the REST API, not the console). */
export const userProcedure = publicProcedure.use(({ ctx, next }) => {
  const principal = ctx.principal;
  if (principal?.kind !== "user") throw new AppError("unauthenticated", "sign in first");
  return next({ ctx: { ...ctx, user: principal } });
});

/** Operators only (`authorize(…, "operator")`): tenant_admin and tenant_viewer get FORBIDDEN. */
export const operatorProcedure = userProcedure.use(({ ctx, next }) => {
  authorize(ctx.user, "operator");
  return next();
});

const tenantInput = z.object({ tenantId: z.uuid().optional() });

/**
 * A procedure on one tenant's data, decided by `authorize`: tenant users always get their own tenant (a different
 * tenantId in the input is FORBIDDEN), operators must name it. A mutation always needs write access, even if it was
 * built on the read procedure by mistake, so a tenant_viewer can never change anything.
 */
function tenantProcedure(need: "tenant_read" | "tenant_write") {
  return userProcedure.input(tenantInput).use(({ ctx, input, type, next }) => {
    const tenantId = authorize(ctx.user, type === "mutation" ? "tenant_write" : need, input.tenantId);
    return next({ ctx: { ...ctx, tenantId } });
  });
}

/** Reads one tenant's data: tenant_viewer, tenant_admin (their own tenant), operators (the tenant they name). */
export const tenantReadProcedure = tenantProcedure("tenant_read");

/** Changes one tenant's data: tenant_admin (their own tenant) and operators; tenant_viewer gets FORBIDDEN. */
export const tenantWriteProcedure = tenantProcedure("tenant_write");

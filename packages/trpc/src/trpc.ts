import { AppError } from "@tollgate/domain";
import { initTRPC } from "@trpc/server";
import { z } from "zod";
import type { Context } from "./context.ts";
import { formatTrpcError } from "./error-formatter.ts";
import { toTrpcError } from "./error-mapping.ts";

const t = initTRPC.context<Context>().create({ errorFormatter: formatTrpcError });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

// Only our AppErrors are translated; tRPC's own errors (input validation: BAD_REQUEST) pass through unchanged, so
// a ZodError cause is never rethrown bare (that made it a 500).
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw toTrpcError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

/** A signed-in console user (API keys are for the REST API, not the console). */
export const userProcedure = publicProcedure.use(({ ctx, next }) => {
  const principal = ctx.principal;
  if (principal?.kind !== "user") throw new AppError("unauthenticated", "sign in first");
  return next({ ctx: { ...ctx, user: principal } });
});

export const operatorProcedure = userProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "operator") throw new AppError("forbidden", "operators only");
  return next();
});

/**
 * Procedures that read one tenant's data. Tenant users always get their own tenant (a different tenantId in the
 * input is refused); operators must name the tenant.
 */
export const tenantProcedure = userProcedure
  .input(z.object({ tenantId: z.uuid().optional() }))
  .use(({ ctx, input, next }) => {
    const { user } = ctx;
    let tenantId: string;
    if (user.role === "operator") {
      if (!input.tenantId) throw new AppError("bad_request", "tenantId is required for operators");
      tenantId = input.tenantId;
    } else {
      if (!user.tenantId) throw new AppError("forbidden", "user has no tenant");
      if (input.tenantId && input.tenantId !== user.tenantId) throw new AppError("forbidden", "not your tenant");
      tenantId = user.tenantId;
    }
    return next({ ctx: { ...ctx, tenantId } });
  });

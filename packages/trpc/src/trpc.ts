import { authorize } from "@tollgate/use-cases/access";
import { resolveUsageReadTenant } from "@tollgate/use-cases/usage";
import { AppError } from "@tollgate/domain";
import { initTRPC } from "@trpc/server";
import { z } from "zod";
import type { Context } from "./context.ts";
import { formatTrpcError } from "./error-formatter.ts";
import { toTrpcError } from "./error-mapping.ts";
import { tenantIdQuery } from "./procedures/usage-reads/usage-read-query.ts";
import type { OperationMeta } from "./rest/rest-meta.ts";

const t = initTRPC.context<Context>().meta<OperationMeta>().create({ errorFormatter: formatTrpcError });

export const router = t.router;
export const mergeRouters = t.mergeRouters;
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

const baseProcedure = t.procedure.use(mapErrors);

/**
 * Console-only procedures (login, logout, setup, …): they need the cookie session and login throttle, which only
 * /trpc provides. Called without them (a REST context) they fail loudly instead of pretending.
 */
export const publicProcedure = baseProcedure.use(({ ctx, next }) => {
  const { session, loginThrottle } = ctx;
  if (!session || !loginThrottle) throw new Error("a console procedure was called without the console's transport");
  return next({ ctx: { ...ctx, session, loginThrottle } });
});

/** A signed-in console user (API keys are for the REST API, not the console). */
export const userProcedure = publicProcedure.use(({ ctx, next }) => {
  const principal = ctx.principal;
  if (principal?.kind !== "user") throw new AppError("unauthenticated", "sign in first");
  return next({ ctx: { ...ctx, user: principal } });
});

/**
 * Anyone authenticated, by either transport: a console user (/trpc) or an API key (REST). What they may do is
 * decided by `authorize` in the procedures built on this.
 */
const principalProcedure = baseProcedure.use(({ ctx, next }) => {
  const principal = ctx.principal;
  if (!principal) throw new AppError("unauthenticated", "sign in first");
  return next({ ctx: { ...ctx, principal } });
});

/** The REST adapter validates the request's parts (path, query, body) here, before the input is parsed. */
const validateRestRequest = t.middleware(({ ctx, next }) => {
  ctx.validateRestRequest?.();
  return next();
});

/** Operators only (`authorize(…, "operator")`): tenant_admin and tenant_viewer get FORBIDDEN. */
export const operatorProcedure = userProcedure.use(({ ctx, next }) => {
  authorize(ctx.user, "operator");
  return next();
});

/**
 * An operation also served over REST, for operators only (`authorize(…, "operator")`): operator users (/trpc) and
 * operator keys (REST); tenant users and tenant keys get FORBIDDEN. `ctx.actor` is the operator, for the audit log.
 * (Console-only procedures keep `operatorProcedure`, where an API key is UNAUTHORIZED.)
 */
export const operatorOperation = principalProcedure
  .use(({ ctx, next }) => next({ ctx: { ...ctx, actor: authorize(ctx.principal, "operator") } }))
  // Access is decided first: 401/403 before 400, as the REST routes always answered.
  .use(validateRestRequest);

const requestedTenant = z.object({ tenant_id: tenantIdQuery });

/**
 * An operation reading one tenant's data, also served over REST (`authorize(…, "tenant_read")` through
 * `resolveUsageReadTenant`): tenant keys with `read` and tenant users read their own tenant (another `tenant_id` is
 * FORBIDDEN); operators (keys or users) name it by `tenant_id`, and it must exist (NOT_FOUND). The REST request is
 * validated before access is decided (400 before 403/404), as these routes always answered. `ctx.tenantId` is the
 * tenant.
 */
export const tenantReadOperation = principalProcedure
  .use(validateRestRequest)
  .use(async ({ ctx, getRawInput, next }) => {
    // The procedure's own input parses after this; only the tenant is needed to decide access.
    const requested = requestedTenant.safeParse((await getRawInput()) ?? {});
    if (!requested.success) throw new AppError("bad_request", "tenant_id: must be a tenant id (uuid)");
    const tenantId = await resolveUsageReadTenant(ctx.db, ctx.principal, requested.data.tenant_id);
    return next({ ctx: { ...ctx, tenantId } });
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

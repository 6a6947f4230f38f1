import { AppError } from "@tollgate/domain";
import { tenantProcedure } from "../../trpc.ts";

/**
 * Changing a tenant's keys: its tenant_admin users (their own tenant) and operators (naming it); viewers may only
 * list. To be replaced by the shared write-role middleware once it exists.
 */
export const keyAdminProcedure = tenantProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "operator" && ctx.user.role !== "tenant_admin") {
    throw new AppError("forbidden", "only tenant admins and operators manage API keys");
  }
  return next();
});

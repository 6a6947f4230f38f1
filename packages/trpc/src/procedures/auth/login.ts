import { AppError, loginInputSchema } from "@tollgate/domain";
import { authenticateUser, createSession, SESSION_TTL_MS } from "@tollgate/use-cases/accounts";
import { getTenant } from "@tollgate/use-cases/tenants";
import { publicProcedure } from "../../trpc.ts";
import { sessionUserSchema, toSessionUser } from "./session-user.ts";

export const loginInput = loginInputSchema;

export const login = publicProcedure
  .input(loginInput)
  .output(sessionUserSchema)
  .mutation(async ({ ctx, input }) => {
    // Every call counts, also each call of a batched request, and a locked account is refused before its password
    // is checked.
    await ctx.loginThrottle.attempt(input.email);
    const user = await authenticateUser(ctx.db, input.email, input.password);
    if (!user) throw new AppError("unauthenticated", "wrong email or password");
    await ctx.loginThrottle.succeeded(input.email);
    const token = await createSession(ctx.db, user.id);
    ctx.session.set(token, new Date(Date.now() + SESSION_TTL_MS));
    const tenant = user.tenantId ? await getTenant(ctx.db, user.tenantId) : null;
    return toSessionUser(user, tenant);
  });

import { getSessionUser } from "@tollgate/use-cases/accounts";
import { publicProcedure } from "../../trpc.ts";
import { sessionUserSchema, toSessionUser } from "./session-user.ts";

/** The signed-in user, or null (not an error: the console uses it to decide whether to show the login form). */
export const me = publicProcedure.output(sessionUserSchema.nullable()).query(async ({ ctx }) => {
  const principal = ctx.principal;
  if (principal?.kind !== "user") return null;
  const user = await getSessionUser(ctx.db, principal.userId);
  return user ? toSessionUser(user, user.tenant) : null;
});

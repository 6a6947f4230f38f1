import { deleteSession } from "@tollgate/use-cases/accounts";
import { z } from "zod";
import { publicProcedure } from "../../trpc.ts";

export const logout = publicProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
  if (ctx.session.token) await deleteSession(ctx.db, ctx.session.token);
  ctx.session.clear();
  return { ok: true as const };
});

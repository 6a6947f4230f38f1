import { resetPassword as resetUserPassword } from "@tollgate/use-cases/accounts";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const resetPasswordInput = z.object({
  userId: z.uuid(),
  /** Omitted: a password is generated and returned once. */
  newPassword: z.string().optional(),
});

/** An operator sets a user's password (given or generated); all of that user's sessions end. */
export const resetPassword = operatorProcedure
  .input(resetPasswordInput)
  .output(z.object({ generatedPassword: z.string().nullable(), sessionsEnded: z.number().int() }))
  .mutation(({ ctx, input }) => resetUserPassword(ctx.db, input, ctx.user));

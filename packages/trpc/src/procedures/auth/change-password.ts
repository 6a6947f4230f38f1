import { changePassword as changeUserPassword } from "@tollgate/db";
import { z } from "zod";
import { userProcedure } from "../../trpc.ts";

export const changePasswordInput = z.object({
  currentPassword: z.string(),
  // Length is checked by the service (one policy, one AppError) rather than here.
  newPassword: z.string(),
});

/** The signed-in user's own password; their other sessions end, this one stays. */
export const changePassword = userProcedure
  .input(changePasswordInput)
  .output(z.object({ sessionsEnded: z.number().int() }))
  .mutation(({ ctx, input }) =>
    changeUserPassword(ctx.db, {
      userId: ctx.user.userId,
      currentPassword: input.currentPassword,
      newPassword: input.newPassword,
      currentSessionToken: ctx.session.token,
    }),
  );

import { assertPasswordPolicy, changePassword as changeUserPassword } from "@tollgate/use-cases/accounts";
import { z } from "zod";
import { userProcedure } from "../../trpc.ts";

export const changePasswordInput = z.object({
  currentPassword: z.string(),
  // Length is checked by the service (one policy, one AppError) rather than here.
  newPassword: z.string(),
});

/**
 * The signed-in user's own password; their other sessions end, this one stays. The current password is a guess
 * like a login's, so it goes through the same throttle: a stolen session cannot be used to find the password.
 */
export const changePassword = userProcedure
  .input(changePasswordInput)
  .output(z.object({ sessionsEnded: z.number().int() }))
  .mutation(async ({ ctx, input }) => {
    // A too-short new password is refused before it could count as a failed guess.
    assertPasswordPolicy(input.newPassword);
    await ctx.loginThrottle.attempt(ctx.user.email);
    const result = await changeUserPassword(ctx.db, {
      userId: ctx.user.userId,
      currentPassword: input.currentPassword,
      newPassword: input.newPassword,
      currentSessionToken: ctx.session.token,
    });
    await ctx.loginThrottle.succeeded(ctx.user.email);
    return result;
  });

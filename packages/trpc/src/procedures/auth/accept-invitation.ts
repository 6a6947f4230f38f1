import { assertPasswordPolicy, createSession, SESSION_TTL_MS, sha256Hex } from "@tollgate/use-cases/accounts";
import { getTenant } from "@tollgate/use-cases/tenants";
import { acceptInvitation as acceptTeamInvitation } from "@tollgate/use-cases/team";
import { storedText } from "@tollgate/domain";
import { z } from "zod";
import { publicProcedure } from "../../trpc.ts";
import { sessionUserSchema, toSessionUser } from "./session-user.ts";

export const acceptInvitationInput = z.object({
  /** From the link's fragment, `/invite#token=…`. */
  token: z.string().min(1).max(200),
  name: storedText(200).trim().min(1),
  // Length is checked by the service (one policy, one AppError) rather than here.
  password: z.string(),
});

/**
 * Accepts a team invitation: creates the user with the invited email and role in the inviting tenant, uses the
 * invitation up and signs the new user in (session cookie, as auth.login). Unknown token 404; used, revoked or
 * expired 403; an email that has a user 409; nothing changes then. Throttled like login, per client address (and per
 * token), so links cannot be guessed at speed.
 */
export const acceptInvitation = publicProcedure
  .input(acceptInvitationInput)
  .output(sessionUserSchema)
  .mutation(async ({ ctx, input }) => {
    // A too-short password is refused before it could count as a failed attempt.
    assertPasswordPolicy(input.password);
    // The throttle counts per account and per address; the account here is the token (its hash: never logged).
    const throttleKey = `invitation:${sha256Hex(input.token).slice(0, 32)}`;
    await ctx.loginThrottle.attempt(throttleKey);
    const accepted = await acceptTeamInvitation(ctx.db, input);
    await ctx.loginThrottle.succeeded(throttleKey);
    const token = await createSession(ctx.db, accepted.user.id);
    ctx.session.set(token, new Date(Date.now() + SESSION_TTL_MS));
    const tenant = await getTenant(ctx.db, accepted.tenantId);
    return toSessionUser(accepted.user, tenant);
  });

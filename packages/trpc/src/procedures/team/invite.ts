import { newInvitationSchema } from "@tollgate/domain";
import { inviteMember } from "@tollgate/use-cases/team";
import { z } from "zod";
import { tenantWriteProcedure } from "../../trpc.ts";
import { invitationOutput, toInvitationOutput } from "./team-schemas.ts";

/**
 * Invites an email into the tenant (tenant admin, or an operator naming the tenant). The answer carries the one-time
 * link, `/invite#token=…` (a fragment, so the token never reaches a server log; the console prefixes its origin):
 * only its hash is stored and it is never shown again. It works for 7 days, once. Inviting the same email again
 * replaces the pending invitation (the old link stops working). 409 when a user already has the email. Audited.
 */
export const inviteTeamMember = tenantWriteProcedure
  .input(newInvitationSchema)
  .output(z.object({ invitation: invitationOutput, link: z.string(), token: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const issued = await inviteMember(ctx.db, ctx.tenantId, input, ctx.user);
    return {
      invitation: toInvitationOutput(issued.invitation),
      link: `/invite#token=${issued.token}`,
      token: issued.token,
    };
  });

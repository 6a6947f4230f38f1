import { removeMember } from "@tollgate/use-cases/team";
import { z } from "zod";
import { tenantWriteProcedure } from "../../trpc.ts";
import { teamMemberOutput, toTeamMemberOutput } from "./team-schemas.ts";

/**
 * Removes a member: the user is disabled and every session of theirs ends at once. 409 for oneself and for the
 * tenant's last admin; removing a removed member changes nothing. Audited.
 */
export const removeTeamMember = tenantWriteProcedure
  .input(z.object({ userId: z.uuid() }))
  .output(teamMemberOutput.extend({ sessionsEnded: z.number().int() }))
  .mutation(async ({ ctx, input }) => {
    const removed = await removeMember(ctx.db, ctx.tenantId, input.userId, ctx.user);
    return { ...toTeamMemberOutput(removed), sessionsEnded: removed.sessionsEnded };
  });

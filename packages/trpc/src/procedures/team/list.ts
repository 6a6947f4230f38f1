import { listTeam as listTeamMembers } from "@tollgate/use-cases/team";
import { z } from "zod";
import { tenantReadProcedure } from "../../trpc.ts";
import { invitationOutput, teamMemberOutput, toInvitationOutput, toTeamMemberOutput } from "./team-schemas.ts";

/**
 * The tenant's team: every user (removed ones with `disabledAt`), oldest first, and the invitations not yet
 * accepted or revoked (expired ones included, marked `expired`), newest first. Any role of the tenant may read it.
 */
export const listTeam = tenantReadProcedure
  .output(z.object({ tenantId: z.uuid(), members: z.array(teamMemberOutput), invitations: z.array(invitationOutput) }))
  .query(async ({ ctx }) => {
    const team = await listTeamMembers(ctx.db, ctx.tenantId);
    return {
      tenantId: ctx.tenantId,
      members: team.members.map(toTeamMemberOutput),
      invitations: team.invitations.map(toInvitationOutput),
    };
  });

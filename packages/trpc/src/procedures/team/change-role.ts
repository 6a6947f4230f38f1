import { changeMemberRole } from "@tollgate/use-cases/team";
import { z } from "zod";
import { tenantWriteProcedure } from "../../trpc.ts";
import { teamMemberOutput, teamRole, toTeamMemberOutput } from "./team-schemas.ts";

/**
 * Makes a member an admin or a viewer. 409 for one's own role and for the tenant's last admin. Takes effect on the
 * member's next request. Audited.
 */
export const changeTeamMemberRole = tenantWriteProcedure
  .input(z.object({ userId: z.uuid(), role: teamRole }))
  .output(teamMemberOutput)
  .mutation(async ({ ctx, input }) =>
    toTeamMemberOutput(await changeMemberRole(ctx.db, ctx.tenantId, input, ctx.user)),
  );

import { revokeInvitation } from "@tollgate/use-cases/team";
import { z } from "zod";
import { tenantWriteProcedure } from "../../trpc.ts";
import { invitationOutput, toInvitationOutput } from "./team-schemas.ts";

/** Revokes a pending invitation: its link stops working (idempotent; 409 once accepted). Audited. */
export const revokeTeamInvitation = tenantWriteProcedure
  .input(z.object({ invitationId: z.uuid() }))
  .output(invitationOutput)
  .mutation(async ({ ctx, input }) =>
    toInvitationOutput(await revokeInvitation(ctx.db, ctx.tenantId, input.invitationId, ctx.user)),
  );

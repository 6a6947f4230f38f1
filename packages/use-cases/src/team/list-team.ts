import type { DbOrTx } from "@tollgate/db";
import { requireTenant } from "../shared/change-context.ts";
import { invitationView, memberView, type InvitationView, type TeamMemberView } from "./team-rows.ts";

export interface TeamView {
  /** Every user of the tenant, removed ones included (with `disabledAt`), oldest first. */
  members: TeamMemberView[];
  /** Invitations neither accepted nor revoked, newest first; expired ones are listed as `expired`. */
  invitations: InvitationView[];
}

/** A tenant's team: its users and its open invitations. `not_found` for an unknown tenant. */
export async function listTeam(db: DbOrTx, tenantId: string, now = new Date()): Promise<TeamView> {
  await requireTenant(db, tenantId);
  const [users, invitations] = await Promise.all([
    db.user.findMany({ where: { tenantId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db.teamInvitation.findMany({
      where: { tenantId, acceptedAt: null, revokedAt: null },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    }),
  ]);
  return { members: users.map(memberView), invitations: invitations.map((row) => invitationView(row, now)) };
}

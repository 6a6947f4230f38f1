import type { InvitationView, TeamMemberView } from "@tollgate/use-cases/team";
import { TEAM_ROLES } from "@tollgate/use-cases/team";
import { z } from "zod";

/** `tenant_admin` manages the tenant (keys, team, budgets); `tenant_viewer` only reads. */
export const teamRole = z.enum(TEAM_ROLES);

export const teamMemberOutput = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: teamRole,
  createdAt: z.string(),
  /** Set when the member was removed: they can no longer sign in. */
  disabledAt: z.string().nullable(),
  /** Null: not signed in since sign-ins were recorded. */
  lastSignInAt: z.string().nullable(),
});

export const invitationOutput = z.object({
  id: z.uuid(),
  email: z.string(),
  role: teamRole,
  /** Audit actor of the inviter, "user:<id>". */
  invitedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** pending: the link works; expired: invite again for a new link. */
  status: z.enum(["pending", "expired", "accepted", "revoked"]),
});

export function toTeamMemberOutput(member: TeamMemberView): z.infer<typeof teamMemberOutput> {
  return {
    id: member.id,
    email: member.email,
    name: member.name,
    role: member.role,
    createdAt: member.createdAt.toISOString(),
    disabledAt: member.disabledAt?.toISOString() ?? null,
    lastSignInAt: member.lastSignInAt?.toISOString() ?? null,
  };
}

export function toInvitationOutput(invitation: InvitationView): z.infer<typeof invitationOutput> {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    invitedBy: invitation.invitedBy,
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
    acceptedAt: invitation.acceptedAt?.toISOString() ?? null,
    revokedAt: invitation.revokedAt?.toISOString() ?? null,
    status: invitation.status,
  };
}

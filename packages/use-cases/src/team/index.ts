// Entry point @tollgate/use-cases/team.
export * from "./accept-invitation.ts";
export * from "./change-member-role.ts";
export * from "./invite-member.ts";
export * from "./list-team.ts";
export * from "./remove-member.ts";
export * from "./revoke-invitation.ts";
export {
  INVITATION_TTL_MS,
  TEAM_ROLES,
  type InvitationStatus,
  type InvitationView,
  type TeamMemberView,
  type TeamRole,
} from "./team-rows.ts";

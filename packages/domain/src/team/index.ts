export { newInvitationSchema, TEAM_ROLES, type TeamRole } from "./new-invitation.ts";

import type { TeamRole } from "@tollgate/domain";
import type { RouterOutputs } from "./router-types.ts";

export type TeamMemberRow = RouterOutputs["team"]["list"]["members"][number];
export type InvitationRow = RouterOutputs["team"]["list"]["invitations"][number];

export const TEAM_ROLE_LABELS: Record<TeamRole, string> = { tenant_admin: "Admin", tenant_viewer: "Viewer" };

/** What each role may do, said where a role is picked. */
export const TEAM_ROLE_HINTS: Record<TeamRole, string> = {
  tenant_admin: "can manage keys, webhooks, budgets and the team",
  tenant_viewer: "can read everything and change nothing",
};

/** The list only holds invitations not yet accepted or revoked. */
export const INVITATION_STATUS_LABELS: Record<InvitationRow["status"], string> = {
  pending: "Pending",
  expired: "Expired",
  accepted: "Accepted",
  revoked: "Revoked",
};

export const INVITATION_STATUS_COLORS: Record<InvitationRow["status"], "green" | "gray" | "blue" | "red"> = {
  pending: "green",
  expired: "gray",
  accepted: "blue",
  revoked: "red",
};

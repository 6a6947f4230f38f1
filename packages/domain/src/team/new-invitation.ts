import { z } from "zod";

/** The roles a tenant's team member can have (operators are never part of a tenant). */
export const TEAM_ROLES = ["tenant_admin", "tenant_viewer"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/**
 * A team invitation: the console's invite form validates with this schema and the api's `team.invite` takes it as
 * its input, so both give the same messages. An email that has a user already is refused by the api (it needs the
 * database).
 */
export const newInvitationSchema = z.object({
  email: z.email("enter an email address").max(254, "at most 254 characters"),
  role: z.enum(TEAM_ROLES, "pick a role"),
});

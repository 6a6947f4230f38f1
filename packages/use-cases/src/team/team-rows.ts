import { AppError, TEAM_ROLES, type TeamRole } from "@tollgate/domain";
import type { DbOrTx, DbTx } from "@tollgate/db";

// The roles are defined once, in the domain, with the invite form's schema.
export { TEAM_ROLES, type TeamRole };

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface TeamMemberView {
  id: string;
  email: string;
  name: string;
  role: TeamRole;
  createdAt: Date;
  /** Removed from the team: cannot sign in. */
  disabledAt: Date | null;
  /** Null: not signed in since sign-ins were recorded. */
  lastSignInAt: Date | null;
}

export type InvitationStatus = "pending" | "expired" | "accepted" | "revoked";

export interface InvitationView {
  id: string;
  tenantId: string;
  email: string;
  role: TeamRole;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  status: InvitationStatus;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  createdAt: Date;
  disabledAt: Date | null;
  lastSignInAt: Date | null;
}

interface InvitationRow {
  id: string;
  tenantId: string;
  email: string;
  role: string;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export function memberView(row: UserRow): TeamMemberView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as TeamRole,
    createdAt: row.createdAt,
    disabledAt: row.disabledAt,
    lastSignInAt: row.lastSignInAt,
  };
}

export function invitationStatus(row: InvitationRow, now: Date): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "pending";
}

export function invitationView(row: InvitationRow, now: Date): InvitationView {
  return {
    id: row.id,
    tenantId: row.tenantId,
    email: row.email,
    role: row.role as TeamRole,
    invitedBy: row.invitedBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    acceptedAt: row.acceptedAt,
    revokedAt: row.revokedAt,
    status: invitationStatus(row, now),
  };
}

/** What the audit log records of an invitation (never the token or its hash). */
export function invitationAuditRecord(view: InvitationView) {
  return {
    id: view.id,
    email: view.email,
    role: view.role,
    expires_at: view.expiresAt.toISOString(),
    status: view.status,
  };
}

export function memberAuditRecord(view: TeamMemberView) {
  return { id: view.id, email: view.email, role: view.role, disabled_at: view.disabledAt?.toISOString() ?? null };
}

/**
 * Serializes team changes of one tenant (invite, role change, removal, accepting an invitation): with the row lock
 * held, counting the remaining admins and then changing one cannot race another change. `not_found` for an unknown
 * tenant.
 */
export async function lockTeam(tx: DbTx, tenantId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM tenants WHERE id = ${tenantId}::uuid FOR NO KEY UPDATE`;
  if (rows.length === 0) throw new AppError("not_found", `no tenant ${tenantId}`);
}

/** A member of this tenant (a user of another tenant, or an operator, is `not_found`). */
export async function findMember(db: DbOrTx, tenantId: string, userId: string): Promise<TeamMemberView> {
  const user = await db.user.findFirst({ where: { id: userId, tenantId } });
  if (!user) throw new AppError("not_found", `the tenant has no user ${userId}`);
  return memberView(user);
}

/** The tenant's admins who can still sign in. */
export function activeAdminCount(db: DbOrTx, tenantId: string): Promise<number> {
  return db.user.count({ where: { tenantId, role: "tenant_admin", disabledAt: null } });
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

import { AppError } from "@tollgate/domain";
import type { Db } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { actorOf, type Principal } from "../access/principal.ts";
import { randomToken, sha256Hex } from "../accounts/secrets.ts";
import {
  INVITATION_TTL_MS,
  TEAM_ROLES,
  invitationAuditRecord,
  invitationView,
  lockTeam,
  normalizeEmail,
  type InvitationView,
  type TeamRole,
} from "./team-rows.ts";

export interface IssuedInvitation {
  invitation: InvitationView;
  /** The one-time token of the link; only its hash is stored, so it is in this answer only. */
  token: string;
}

/**
 * Invites an email into the tenant with a role. A pending invitation for the same email is replaced (its link stops
 * working), so inviting again is how a lost or expired link is re-issued. `conflict` when a user already has the
 * email (in any tenant: emails are unique). The caller decided access (tenant admin or operator). Audited.
 */
export async function inviteMember(
  db: Db,
  tenantId: string,
  input: { email: string; role: TeamRole },
  actor: Principal,
  now = new Date(),
): Promise<IssuedInvitation> {
  const email = normalizeEmail(input.email);
  if (!(TEAM_ROLES as readonly string[]).includes(input.role)) {
    throw new AppError("bad_request", `role: must be one of ${TEAM_ROLES.join(", ")}`);
  }
  const token = randomToken(32);
  return db.$transaction(async (tx) => {
    await lockTeam(tx, tenantId);
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new AppError("conflict", `a user with the email ${email} exists already`);
    }
    const replaced = await tx.teamInvitation.updateManyAndReturn({
      where: { tenantId, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const row = await tx.teamInvitation.create({
      data: {
        tenantId,
        email,
        role: input.role,
        tokenHash: sha256Hex(token),
        invitedBy: actorOf(actor),
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      },
    });
    const invitation = invitationView(row, now);
    await writeAuditLog(tx, {
      actor: actorOf(actor),
      action: "team_invitation.create",
      tenantId,
      targetType: "team_invitation",
      targetId: row.id,
      ...(replaced[0] ? { reason: `replaces invitation ${replaced[0].id}` } : {}),
      before: null,
      after: invitationAuditRecord(invitation),
    });
    return { invitation, token };
  });
}

import { AppError } from "@tollgate/domain";
import type { Db } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { actorOf, type Principal } from "../access/principal.ts";
import { invitationAuditRecord, invitationView, lockTeam, type InvitationView } from "./team-rows.ts";

/**
 * Revokes one of the tenant's invitations: its link stops working. Revoking a revoked one changes nothing;
 * an accepted one is `conflict` (remove the user instead). Audited.
 */
export async function revokeInvitation(
  db: Db,
  tenantId: string,
  invitationId: string,
  actor: Principal,
  now = new Date(),
): Promise<InvitationView> {
  return db.$transaction(async (tx) => {
    await lockTeam(tx, tenantId);
    const row = await tx.teamInvitation.findFirst({ where: { id: invitationId, tenantId } });
    if (!row) throw new AppError("not_found", `the tenant has no invitation ${invitationId}`);
    const before = invitationView(row, now);
    if (before.status === "accepted") {
      throw new AppError("conflict", "this invitation was accepted already; remove the user instead");
    }
    if (before.status === "revoked") return before;
    const after = invitationView(
      await tx.teamInvitation.update({ where: { id: row.id }, data: { revokedAt: now } }),
      now,
    );
    await writeAuditLog(tx, {
      actor: actorOf(actor),
      action: "team_invitation.revoke",
      tenantId,
      targetType: "team_invitation",
      targetId: row.id,
      before: invitationAuditRecord(before),
      after: invitationAuditRecord(after),
    });
    return after;
  });
}

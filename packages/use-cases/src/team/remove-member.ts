import { AppError } from "@tollgate/domain";
import type { Db } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { actorOf, type Principal } from "../access/principal.ts";
import {
  activeAdminCount,
  findMember,
  lockTeam,
  memberAuditRecord,
  memberView,
  type TeamMemberView,
} from "./team-rows.ts";

/**
 * Removes a member from the tenant's team: the user is disabled (kept for the audit trail, cannot sign in) and all
 * their sessions end in the same transaction. Never oneself nor the last admin who can sign in (`conflict`).
 * Removing a removed member changes nothing. Audited.
 */
export async function removeMember(
  db: Db,
  tenantId: string,
  userId: string,
  actor: Principal,
  now = new Date(),
): Promise<TeamMemberView & { sessionsEnded: number }> {
  return db.$transaction(async (tx) => {
    await lockTeam(tx, tenantId);
    const before = await findMember(tx, tenantId, userId);
    if (before.disabledAt) return { ...before, sessionsEnded: 0 };
    if (actor.kind === "user" && actor.userId === before.id) {
      throw new AppError("conflict", "you cannot remove yourself; ask another admin");
    }
    if (before.role === "tenant_admin" && (await activeAdminCount(tx, tenantId)) <= 1) {
      throw new AppError("conflict", "this is the tenant's last admin; make someone else an admin first");
    }
    const after = memberView(await tx.user.update({ where: { id: before.id }, data: { disabledAt: now } }));
    const ended = await tx.session.deleteMany({ where: { userId: before.id } });
    await writeAuditLog(tx, {
      actor: actorOf(actor),
      action: "user.remove",
      tenantId,
      targetType: "user",
      targetId: before.id,
      before: memberAuditRecord(before),
      after: { ...memberAuditRecord(after), sessions_ended: ended.count },
    });
    return { ...after, sessionsEnded: ended.count };
  });
}

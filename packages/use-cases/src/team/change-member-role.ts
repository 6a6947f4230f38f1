import { AppError } from "@tollgate/domain";
import type { Db } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { actorOf, type Principal } from "../access/principal.ts";
import {
  TEAM_ROLES,
  activeAdminCount,
  findMember,
  lockTeam,
  memberAuditRecord,
  memberView,
  type TeamMemberView,
  type TeamRole,
} from "./team-rows.ts";

/**
 * Makes a member of the tenant an admin or a viewer. Never demotes oneself nor the tenant's last admin who can sign
 * in (`conflict`): a tenant always keeps someone who can manage it. The member's sessions stay (the role is read
 * per request). Setting the role it has changes nothing. Audited.
 */
export async function changeMemberRole(
  db: Db,
  tenantId: string,
  input: { userId: string; role: TeamRole },
  actor: Principal,
): Promise<TeamMemberView> {
  if (!(TEAM_ROLES as readonly string[]).includes(input.role)) {
    throw new AppError("bad_request", `role: must be one of ${TEAM_ROLES.join(", ")}`);
  }
  return db.$transaction(async (tx) => {
    await lockTeam(tx, tenantId);
    const before = await findMember(tx, tenantId, input.userId);
    if (before.role === input.role) return before;
    if (actor.kind === "user" && actor.userId === before.id) {
      throw new AppError("conflict", "you cannot change your own role; ask another admin");
    }
    if (before.role === "tenant_admin" && !before.disabledAt && (await activeAdminCount(tx, tenantId)) <= 1) {
      throw new AppError("conflict", "this is the tenant's last admin; make someone else an admin first");
    }
    const after = memberView(await tx.user.update({ where: { id: before.id }, data: { role: input.role } }));
    await writeAuditLog(tx, {
      actor: actorOf(actor),
      action: "user.role_change",
      tenantId,
      targetType: "user",
      targetId: before.id,
      before: memberAuditRecord(before),
      after: memberAuditRecord(after),
    });
    return after;
  });
}

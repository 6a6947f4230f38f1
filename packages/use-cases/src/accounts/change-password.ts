import { AppError } from "@tollgate/domain";
import type { Db } from "@tollgate/db";
import { assertPasswordPolicy } from "./password-policy.ts";
import { hashPassword, verifyPassword } from "./password-hashing.ts";
import { sha256Hex } from "./secrets.ts";
import { writeAuditLog } from "../audit/write-audit-log.ts";

/**
 * A signed-in user changes their own password. The current one must be right; every other session of the user ends
 * (a thief's session dies with the old password), the one making the change stays.
 */
export async function changePassword(
  db: Db,
  input: { userId: string; currentPassword: string; newPassword: string; currentSessionToken: string | null },
): Promise<{ sessionsEnded: number }> {
  assertPasswordPolicy(input.newPassword);
  const user = await db.user.findUnique({ where: { id: input.userId } });
  if (!user || user.disabledAt) throw new AppError("unauthenticated", "sign in first");
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("bad_request", "the current password is wrong");
  }
  const passwordHash = await hashPassword(input.newPassword);
  const keep = input.currentSessionToken === null ? undefined : sha256Hex(input.currentSessionToken);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const ended = await tx.session.deleteMany({ where: { userId: user.id, ...(keep ? { id: { not: keep } } : {}) } });
    await writeAuditLog(tx, {
      actor: `user:${user.id}`,
      action: "user.password_change",
      tenantId: user.tenantId,
      targetType: "user",
      targetId: user.id,
      before: { email: user.email },
      after: { email: user.email, sessionsEnded: ended.count },
    });
    return { sessionsEnded: ended.count };
  });
}

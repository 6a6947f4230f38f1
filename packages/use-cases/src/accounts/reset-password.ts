import { AppError } from "@tollgate/domain";
import type { Db } from "@tollgate/db";
import { assertPasswordPolicy } from "./password-policy.ts";
import { hashPassword } from "./password-hashing.ts";
import { randomToken } from "./secrets.ts";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { actorOf, isOperator, type Principal } from "../access/principal.ts";

/**
 * An operator sets a user's password: the one given, or a generated one returned once (never stored in clear or
 * audited). Every session of that user ends.
 */
export async function resetPassword(
  db: Db,
  input: { userId: string; newPassword?: string | undefined },
  actor: Principal,
): Promise<{ generatedPassword: string | null; sessionsEnded: number }> {
  if (!isOperator(actor)) throw new AppError("forbidden", "operators only");
  const generatedPassword = input.newPassword === undefined ? randomToken(18) : null;
  const newPassword = input.newPassword ?? generatedPassword ?? "";
  assertPasswordPolicy(newPassword);
  const user = await db.user.findUnique({ where: { id: input.userId } });
  if (!user) throw new AppError("not_found", "no such user");
  const passwordHash = await hashPassword(newPassword);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const ended = await tx.session.deleteMany({ where: { userId: user.id } });
    await writeAuditLog(tx, {
      actor: actorOf(actor),
      action: "user.password_reset",
      tenantId: user.tenantId,
      targetType: "user",
      targetId: user.id,
      before: { email: user.email },
      after: { email: user.email, generated: generatedPassword !== null, sessionsEnded: ended.count },
    });
    return { generatedPassword, sessionsEnded: ended.count };
  });
}

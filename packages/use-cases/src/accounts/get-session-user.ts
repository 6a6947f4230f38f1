import type { DbOrTx } from "@tollgate/db";

/** A user with their tenant (null for operators), for the console's "who am I"; null when the user is gone. */
export async function getSessionUser(db: DbOrTx, userId: string) {
  return db.user.findUnique({ where: { id: userId }, include: { tenant: true } });
}

import type { DbOrTx } from "@tollgate/db";
import { hashPassword, verifyPassword } from "./password-hashing.ts";
import { randomToken } from "./secrets.ts";

// Verifying against a real hash when the user does not exist keeps login timing from revealing which emails exist.
let decoyHash: Promise<string> | undefined;

export async function authenticateUser(db: DbOrTx, email: string, password: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user || user.disabledAt) {
    decoyHash ??= hashPassword(randomToken(16));
    await verifyPassword(await decoyHash, password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

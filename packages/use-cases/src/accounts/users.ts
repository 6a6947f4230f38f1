import { hashPassword, verifyPassword } from "./password-hashing.ts";
import { randomToken, sha256Hex } from "./secrets.ts";
import type { DbOrTx, UserRole } from "@tollgate/db";
import type { Principal } from "../access/principal.ts";

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

// Verifying against a real hash when the user does not exist keeps login timing from revealing which emails exist.
let decoyHash: Promise<string> | undefined;

export async function createUser(
  db: DbOrTx,
  input: { email: string; name: string; password: string; role: UserRole; tenantId: string | null },
) {
  return db.user.create({
    data: {
      email: input.email.trim().toLowerCase(),
      name: input.name,
      role: input.role,
      tenantId: input.tenantId,
      passwordHash: await hashPassword(input.password),
    },
  });
}

export async function authenticateUser(db: DbOrTx, email: string, password: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user || user.disabledAt) {
    decoyHash ??= hashPassword(randomToken(16));
    await verifyPassword(await decoyHash, password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

/** Returns the session token for the cookie; only its SHA-256 is stored. */
export async function createSession(db: DbOrTx, userId: string, now = new Date()): Promise<string> {
  const token = randomToken(32);
  await db.session.create({
    data: { id: sha256Hex(token), userId, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) },
  });
  return token;
}

export async function resolveSession(db: DbOrTx, token: string, now = new Date()): Promise<Principal | null> {
  const session = await db.session.findUnique({ where: { id: sha256Hex(token) }, include: { user: true } });
  if (!session || session.expiresAt <= now || session.user.disabledAt) return null;
  const { user } = session;
  return { kind: "user", userId: user.id, email: user.email, role: user.role, tenantId: user.tenantId };
}

export async function deleteSession(db: DbOrTx, token: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sha256Hex(token) } });
}

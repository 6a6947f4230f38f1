import type { DbOrTx } from "@tollgate/db";
import { randomToken, sha256Hex } from "./secrets.ts";
import type { Principal } from "../access/principal.ts";

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Returns the session token for the cookie; only its SHA-256 is stored. Every sign-in creates a session, so this is
 * where the user's last sign-in is stamped (shown on the team page).
 */
export async function createSession(db: DbOrTx, userId: string, now = new Date()): Promise<string> {
  const token = randomToken(32);
  await db.session.create({
    data: { id: sha256Hex(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) },
  });
  await db.user.update({ where: { id: userId }, data: { lastSignInAt: now } });
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

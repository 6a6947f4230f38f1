import type { Db } from "@tollgate/db";
import { randomToken, sha256Hex } from "./secrets.ts";
import { SETUP_TOKEN_TTL_MS, lockFirstOperator } from "./first-operator.ts";

/**
 * While no operator exists: replaces any earlier setup token with a new one and returns it (shown once; only its
 * hash is stored). Null once an operator exists.
 */
export async function issueSetupToken(db: Db, now = new Date()): Promise<{ token: string; expiresAt: Date } | null> {
  return db.$transaction(async (tx) => {
    const operatorExists = await lockFirstOperator(tx);
    await tx.setupToken.deleteMany({});
    if (operatorExists) return null;
    const token = randomToken(32);
    const expiresAt = new Date(now.getTime() + SETUP_TOKEN_TTL_MS);
    await tx.setupToken.create({ data: { id: sha256Hex(token), expiresAt } });
    return { token, expiresAt };
  });
}

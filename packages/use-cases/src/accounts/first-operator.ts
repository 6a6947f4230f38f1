import { AppError } from "@tollgate/domain";
import { assertPasswordPolicy } from "./password-policy.ts";
import { hashPassword } from "./password-hashing.ts";
import { randomToken, sha256Hex } from "./secrets.ts";
import type { Db, DbTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";

/** How long a setup link works; a restart of the api while no operator exists prints a new one. */
export const SETUP_TOKEN_TTL_MS = 60 * 60 * 1000;

export interface FirstOperatorInput {
  email: string;
  name: string;
  password: string;
}

export interface FirstOperator {
  id: string;
  email: string;
}

/**
 * Creating the first operator, issuing a setup token and using one are serialized by this lock, so two setup calls
 * (or a setup and a configured operator at start) can never both see "no operator yet".
 */
async function lockFirstOperator(tx: DbTx): Promise<boolean> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tollgate:first-operator'))`;
  return (await tx.user.count({ where: { role: "operator" } })) > 0;
}

async function createFirstOperator(
  tx: DbTx,
  input: FirstOperatorInput,
  passwordHash: string,
  actor: string,
): Promise<FirstOperator> {
  const email = input.email.trim().toLowerCase();
  if (await tx.user.findUnique({ where: { email } })) throw new AppError("conflict", "a user has this email");
  const user = await tx.user.create({
    data: { email, name: input.name.trim(), role: "operator", tenantId: null, passwordHash },
  });
  // Every outstanding setup link dies with the first operator.
  await tx.setupToken.deleteMany({});
  await writeAuditLog(tx, {
    actor,
    action: "user.create",
    targetType: "user",
    targetId: user.id,
    reason: "first operator",
    before: null,
    after: { id: user.id, email: user.email, name: user.name, role: user.role },
  });
  return { id: user.id, email: user.email };
}

/**
 * The operator from configuration (TOLLGATE_OPERATOR_EMAIL/PASSWORD), created only while no operator exists: a
 * configured password never overwrites anyone's, so changing it in the console sticks across restarts.
 */
export async function ensureConfiguredOperator(db: Db, input: FirstOperatorInput): Promise<FirstOperator | null> {
  assertPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if (await lockFirstOperator(tx)) return null;
    return createFirstOperator(tx, input, passwordHash, "system:configured-operator");
  });
}

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

/**
 * Creates the first operator with a setup token and consumes it, in one transaction under the first-operator lock:
 * a token works once, and none works after an operator exists.
 */
export async function completeSetup(
  db: Db,
  input: FirstOperatorInput & { token: string },
  now = new Date(),
): Promise<FirstOperator> {
  assertPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if (await lockFirstOperator(tx)) throw new AppError("conflict", "setup is done: an operator exists");
    const consumed = await tx.setupToken.deleteMany({ where: { id: sha256Hex(input.token), expiresAt: { gt: now } } });
    if (consumed.count === 0) throw new AppError("forbidden", "the setup token is wrong or expired");
    return createFirstOperator(tx, input, passwordHash, "system:setup-token");
  });
}

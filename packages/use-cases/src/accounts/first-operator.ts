import { AppError } from "@tollgate/domain";
import type { Db, DbTx } from "@tollgate/db";
import { assertPasswordPolicy } from "./password-policy.ts";
import { hashPassword } from "./password-hashing.ts";
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
export async function lockFirstOperator(tx: DbTx): Promise<boolean> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tollgate:first-operator'))`;
  return (await tx.user.count({ where: { role: "operator" } })) > 0;
}

export async function createFirstOperator(
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

import { AppError } from "@tollgate/domain";
import type { Db } from "@tollgate/db";
import { assertPasswordPolicy } from "./password-policy.ts";
import { hashPassword } from "./password-hashing.ts";
import { sha256Hex } from "./secrets.ts";
import {
  type FirstOperatorInput,
  type FirstOperator,
  lockFirstOperator,
  createFirstOperator,
} from "./first-operator.ts";

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

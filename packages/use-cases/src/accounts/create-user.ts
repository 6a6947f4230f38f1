import type { DbOrTx, UserRole } from "@tollgate/db";
import { hashPassword } from "./password-hashing.ts";

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

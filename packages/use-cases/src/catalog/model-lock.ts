import { AppError } from "@tollgate/domain";
import type { DbTx } from "@tollgate/db";

/**
 * Locks the model's row for the rest of the transaction, serializing changes to one model (so an audit entry's
 * "before" is what the change really replaced); `not_found` for an unknown id. FOR NO KEY UPDATE does not block
 * the foreign-key checks of concurrent cost-rate, plan-rate or usage writes.
 */
export async function lockModel(tx: DbTx, id: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM models WHERE id = ${id} FOR NO KEY UPDATE`;
  if (rows.length === 0) throw new AppError("not_found", `no model ${id}`);
}

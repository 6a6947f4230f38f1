import { AppError, modelAliasesSchema, modelDisplayNameSchema } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import type { PricingPorts } from "../pricing/rating-sweeps.ts";
import { assertAliasesFree } from "./alias-conflicts.ts";
import { authorizeCatalogChange, type CatalogChange } from "./catalog-change.ts";
import { inTransaction, parseField } from "../shared/change-context.ts";
import { lockModel } from "./model-lock.ts";
import { loadModelDetail, type ModelDetailView } from "./model-view.ts";

export interface UpdateModelInput {
  displayName?: string | undefined;
  /** Replaces the whole list. */
  aliases?: string[] | undefined;
}

/**
 * Changes a model's display name and/or aliases; `not_found` for an unknown id, `conflict` when an added exact alias
 * is taken. Audited with the before and after values; a change that changes nothing writes no entry.
 */
export async function updateModel(
  db: DbOrTx,
  id: string,
  input: UpdateModelInput,
  change: CatalogChange,
  options: { now?: Date } & PricingPorts = {},
): Promise<ModelDetailView> {
  const { actor, reason } = authorizeCatalogChange(change);
  if (input.displayName === undefined && input.aliases === undefined) {
    throw new AppError("bad_request", "body: give display_name and/or aliases to change");
  }
  const displayName =
    input.displayName === undefined ? undefined : parseField(modelDisplayNameSchema, input.displayName, "display_name");
  const aliases = input.aliases === undefined ? undefined : parseField(modelAliasesSchema, input.aliases, "aliases");
  const now = options.now ?? new Date();

  const updated = await inTransaction(db, async (tx) => {
    await lockModel(tx, id);
    const current = await tx.model.findUniqueOrThrow({ where: { id } });
    const before = { displayName: current.displayName, aliases: current.aliases };
    const after = { displayName: displayName ?? current.displayName, aliases: aliases ?? current.aliases };
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await assertAliasesFree(
        tx,
        id,
        after.aliases.filter((alias) => !current.aliases.includes(alias)),
      );
      await tx.model.update({ where: { id }, data: after });
      await writeAuditLog(tx, {
        actor,
        action: "model.update",
        targetType: "model",
        targetId: id,
        reason,
        before,
        after,
      });
    }
    const model = await loadModelDetail(tx, id, now);
    if (!model) throw new Error(`model ${id} vanished inside its own transaction`);
    return model;
  });
  // Changed aliases can make events sent under those names rateable, for every tenant.
  if (input.aliases !== undefined) await options.ratingSweeps?.request();
  return updated;
}

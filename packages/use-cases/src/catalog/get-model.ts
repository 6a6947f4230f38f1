import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { loadModelDetail, type ModelDetailView } from "./model-view.ts";

/** One catalog model with its current cost rates and their whole history; `not_found` for an unknown id. */
export async function getModel(db: DbOrTx, id: string, at: Date = new Date()): Promise<ModelDetailView> {
  const model = await loadModelDetail(db, id, at);
  if (!model) throw new AppError("not_found", `no model ${id}`);
  return model;
}

import { createModelIdResolver, type ModelIdResolver } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";

/**
 * The catalog's model-name resolver (ids, then the most specific alias) over the models stored now. A snapshot:
 * callers that keep one rebuild it when the catalog changes.
 */
export async function loadModelIdResolver(db: DbOrTx): Promise<ModelIdResolver> {
  const models = await db.model.findMany({ select: { id: true, aliases: true } });
  return createModelIdResolver(models);
}

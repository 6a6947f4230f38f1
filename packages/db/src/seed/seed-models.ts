import type { DbOrTx } from "../client.ts";
import type { CatalogModel } from "./price-catalog.ts";

/**
 * Inserts catalog models that are not there yet; existing rows are left as they are. Returns how many were new.
 * One `unnest` insert: Prisma's createMany spent over a second per few thousand rows here, which `npm start` felt.
 */
export async function seedModels(db: DbOrTx, catalog: readonly CatalogModel[]): Promise<number> {
  return db.$executeRaw`
    INSERT INTO models (id, provider, display_name, updated_at)
    SELECT m.id, m.provider, m.display_name, now()
      FROM unnest(${catalog.map((model) => model.id)}::text[],
                  ${catalog.map((model) => model.provider)}::text[],
                  ${catalog.map((model) => model.displayName)}::text[]) AS m(id, provider, display_name)
    ON CONFLICT (id) DO NOTHING`;
}

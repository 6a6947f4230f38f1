import type { DbOrTx } from "@tollgate/db";
import type { CatalogModel } from "./price-catalog.ts";

/**
 * Inserts catalog models (with their aliases) that are not there yet; existing rows are left as they are (an
 * operator's edits survive; `npm run prices:sync` reconciles them with the dataset). Returns how many were new.
 * One `unnest` insert: Prisma's createMany spent over a second per few thousand rows here, which `npm start` felt.
 * Alias lists travel as JSON text because unnest would flatten a ragged text[][].
 */
export async function seedModels(db: DbOrTx, catalog: readonly CatalogModel[]): Promise<number> {
  return db.$executeRaw`
    INSERT INTO models (id, provider, display_name, aliases, updated_at)
    SELECT m.id, m.provider, m.display_name, ARRAY(SELECT jsonb_array_elements_text(m.aliases::jsonb)), now()
      FROM unnest(${catalog.map((model) => model.id)}::text[],
                  ${catalog.map((model) => model.provider)}::text[],
                  ${catalog.map((model) => model.displayName)}::text[],
                  ${catalog.map((model) => JSON.stringify(model.aliases))}::text[])
           AS m(id, provider, display_name, aliases)
    ON CONFLICT (id) DO NOTHING`;
}

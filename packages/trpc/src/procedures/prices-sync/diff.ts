import { reviewPricesSync } from "@tollgate/use-cases/catalog";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { PRICES_SYNC_PATH, pricesSyncDiffJson, pricesSyncDiffOutput } from "./prices-sync-schemas.ts";

/** What `prices:sync` would change now: the bundled price data against the stored catalog (operator). */
export const pricesSyncDiffOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: PRICES_SYNC_PATH,
      summary: "The prices:sync diff: the bundled price data against the catalog (admin scope)",
      description:
        "New models with their price history, cost-rate rows that bring stored histories up to the data (old → " +
        "new; history is never rewritten), and aliases to add. Nothing changes until apply.",
      responseDescription: "the diff, with the now and fingerprint apply needs",
      errors: [401, 403],
    },
  })
  // Not strict: unknown query parameters of a GET stay ignored, as on the other admin reads.
  .input(z.object({}))
  .output(pricesSyncDiffOutput)
  .query(async ({ ctx }) => pricesSyncDiffJson(await reviewPricesSync(ctx.db, ctx.actor)));

import { applyReviewedPricesSync } from "@tollgate/use-cases/catalog";
import { z } from "zod";
import { instant } from "../admin-fields.ts";
import { operatorOperation } from "../../trpc.ts";
import { PRICES_SYNC_PATH, pricesSyncResultJson, pricesSyncResultOutput } from "./prices-sync-schemas.ts";

/** Applies a reviewed prices:sync diff (operator, audited as the operator); requests a rating sweep. */
export const pricesSyncApplyOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: `${PRICES_SYNC_PATH}/apply`,
      summary: "Apply a reviewed prices:sync diff (admin scope; audited)",
      description:
        "Give the diff's now and fingerprint: the diff is computed again for that instant and applied only when it " +
        "is still exactly what was reviewed (409 otherwise, or when the review is more than an hour old). Events " +
        "stored unrated that the new prices cover are then rated by a rating sweep.",
      responseDescription: "what was written",
      errors: [400, 401, 403, 409],
    },
  })
  .input(
    z.strictObject({
      now: instant.describe("the diff's now, unchanged"),
      fingerprint: z
        .string()
        .regex(/^[0-9a-f]{64}$/, "must be the diff's fingerprint, unchanged")
        .describe("the diff's fingerprint"),
    }),
  )
  .output(pricesSyncResultOutput)
  .mutation(async ({ ctx, input }) =>
    pricesSyncResultJson(await applyReviewedPricesSync(ctx.db, input, ctx.actor, { ratingSweeps: ctx.ratingSweeps })),
  );

import { createHash } from "node:crypto";
import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { authorize } from "../access/authorize.ts";
import { actorOf, type Principal } from "../access/principal.ts";
import type { PricingPorts } from "../pricing/rating-sweeps.ts";
import { priceDatasetSource } from "../seed/dataset-source.ts";
import { loadPriceCatalog } from "../seed/price-catalog.ts";
import { applyPricesSync, type PricesSyncResult } from "./prices-sync-apply.ts";
import { diffPriceCatalog, type PricesSyncDiff } from "./prices-sync-diff.ts";
import { loadStoredCatalog } from "./prices-sync-state.ts";

/**
 * How long a reviewed diff may still be applied. Its `now` becomes the effective date of the rows "from now", so an
 * old review would backdate prices; past this the operator reviews again.
 */
export const PRICES_SYNC_REVIEW_TTL_MS = 60 * 60_000;
/** Clock skew tolerated between the server that computed the review and the one applying it. */
const FUTURE_SKEW_MS = 60_000;

export interface PricesSyncReview {
  diff: PricesSyncDiff;
  /** Names exactly this diff; applying requires it, so what is applied is what the operator saw. */
  fingerprint: string;
}

export function pricesSyncFingerprint(diff: PricesSyncDiff): string {
  return createHash("sha256").update(JSON.stringify(diff)).digest("hex");
}

async function computeReview(
  db: DbOrTx,
  now: Date,
): Promise<{ review: PricesSyncReview; dataset: Awaited<ReturnType<typeof loadPriceCatalog>> }> {
  const dataset = await loadPriceCatalog(now);
  const diff = diffPriceCatalog(dataset, await loadStoredCatalog(db), now, priceDatasetSource());
  return { review: { diff, fingerprint: pricesSyncFingerprint(diff) }, dataset };
}

/** What `prices:sync` would change now (the bundled price data against the stored catalog), for an operator. */
export async function reviewPricesSync(db: DbOrTx, actor: Principal, now = new Date()): Promise<PricesSyncReview> {
  authorize(actor, "operator");
  return (await computeReview(db, now)).review;
}

/**
 * Applies a diff an operator reviewed (its `now` and fingerprint), audited as that operator. The diff is computed
 * again for the same `now`: a different fingerprint (the catalog or the bundled data changed since) is a conflict
 * and nothing is written; `applyPricesSync` checks it once more under its locks. A sweep then rates the events the
 * new prices cover.
 */
export async function applyReviewedPricesSync(
  db: DbOrTx,
  reviewed: { now: Date; fingerprint: string },
  actor: Principal,
  ports: PricingPorts,
  clock = new Date(),
): Promise<PricesSyncResult> {
  const operator = actorOf(authorize(actor, "operator"));
  const age = clock.getTime() - reviewed.now.getTime();
  if (age < -FUTURE_SKEW_MS || age > PRICES_SYNC_REVIEW_TTL_MS) {
    throw new AppError(
      "conflict",
      "now: the review is more than an hour old (or in the future); review the diff again",
    );
  }
  const { review, dataset } = await computeReview(db, reviewed.now);
  if (review.fingerprint !== reviewed.fingerprint) {
    throw new AppError("conflict", "the catalog changed since the diff was shown; review it again");
  }
  const result = await applyPricesSync(db, dataset, review.diff, operator);
  if (result.modelsCreated + result.costRatesCreated + result.aliasesUpdated > 0) await ports.ratingSweeps?.request();
  return result;
}

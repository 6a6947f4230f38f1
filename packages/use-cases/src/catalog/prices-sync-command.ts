import type { DbOrTx } from "@tollgate/db";
import { priceDatasetSource } from "../seed/dataset-source.ts";
import { loadPriceCatalog } from "../seed/price-catalog.ts";
import { applyPricesSync, type PricesSyncResult } from "./prices-sync-apply.ts";
import { diffPriceCatalog, isEmptyDiff, type PricesSyncDiff } from "./prices-sync-diff.ts";
import { formatPricesSyncDiff } from "./prices-sync-format.ts";
import { loadStoredCatalog } from "./prices-sync-state.ts";

export interface PricesSyncCommandOptions {
  /** Apply without asking (--yes). */
  yes: boolean;
  /** Print the diff as JSON on stdout (--json); messages then go to `note`. */
  json: boolean;
  /** Asks the operator y/N; null when no one can answer (stdin is not a terminal). */
  confirm: ((question: string) => Promise<boolean>) | null;
  /** stdout. */
  print: (text: string) => void;
  /** Messages that are not the diff (stderr with --json, so stdout stays one JSON document). */
  note: (text: string) => void;
  now?: Date;
}

export interface PricesSyncOutcome {
  diff: PricesSyncDiff;
  /** Null when nothing was applied (no changes, not confirmed). */
  applied: PricesSyncResult | null;
}

/**
 * `npm run prices:sync`: compares the bundled genai-prices dataset with the catalog, prints the diff, and applies
 * it only when confirmed (--yes, or "y" at the prompt). Without either it changes nothing. It requests no rating
 * sweep (this package has no Redis): the worker's scheduled sweep rates the events the new prices cover.
 */
export async function runPricesSync(db: DbOrTx, options: PricesSyncCommandOptions): Promise<PricesSyncOutcome> {
  const now = options.now ?? new Date();
  const dataset = await loadPriceCatalog(now);
  const diff = diffPriceCatalog(dataset, await loadStoredCatalog(db), now, priceDatasetSource());
  const say = options.json ? options.note : options.print;
  options.print(options.json ? JSON.stringify(diff, null, 2) : formatPricesSyncDiff(diff));
  if (isEmptyDiff(diff)) return { diff, applied: null };

  let confirmed = options.yes;
  if (!confirmed && options.confirm) confirmed = await options.confirm("Apply these changes? [y/N] ");
  if (!confirmed) {
    say(
      options.confirm
        ? "Not applied."
        : "Not applied: run `npm run prices:sync -- --yes` to apply (or run it in a terminal to be asked).",
    );
    return { diff, applied: null };
  }
  const applied = await applyPricesSync(db, dataset, diff);
  say(
    `Applied: ${applied.modelsCreated.toString()} models, ${applied.costRatesCreated.toString()} cost rates, ` +
      `${applied.aliasesUpdated.toString()} alias updates; ${applied.auditEntries.toString()} audit log entries ` +
      `(actor system:prices-sync). Events stored unrated that these prices now cover are rated by the worker's ` +
      `next scheduled rating sweep (WORKER_RATING_SWEEP_INTERVAL_MS, default every minute).`,
  );
  return { diff, applied };
}

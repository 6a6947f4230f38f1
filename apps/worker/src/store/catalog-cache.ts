import {
  createDatedRatesLookup,
  createModelIdResolver,
  money,
  type DatedRatesLookup,
  type ModelIdResolver,
  type TokenType,
} from "@tollgate/domain";
import type { PoolClient } from "pg";

export interface CatalogSnapshot {
  resolveModelId: ModelIdResolver;
  costRates: DatedRatesLookup;
  loadedAt: number;
}

/**
 * The model catalog (ids, aliases, provider cost rates) held in memory: a few thousand rows every job would
 * otherwise read. Reloaded when older than `maxAgeMs`, so a catalog change reaches rating within that time; events
 * that arrive unrated meanwhile are rated by the re-rating sweep.
 */
export class CatalogCache {
  private snapshot: CatalogSnapshot | null = null;
  private loading: Promise<CatalogSnapshot> | null = null;

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(client: PoolClient): Promise<CatalogSnapshot> {
    if (this.snapshot && this.now() - this.snapshot.loadedAt < this.maxAgeMs) return this.snapshot;
    this.loading ??= loadCatalog(client, this.now()).finally(() => {
      this.loading = null;
    });
    this.snapshot = await this.loading;
    return this.snapshot;
  }

  /** Forget the snapshot (after a catalog change this process made or was told about). */
  invalidate(): void {
    this.snapshot = null;
  }
}

async function loadCatalog(client: PoolClient, loadedAt: number): Promise<CatalogSnapshot> {
  const models = await client.query<{ id: string; aliases: string[] | null }>("SELECT id, aliases FROM models");
  const rates = await client.query<{ model_id: string; token_type: TokenType; effective_from: Date; price: string }>(
    "SELECT model_id, token_type, effective_from, price_per_million::text AS price FROM model_cost_rates",
  );
  return {
    resolveModelId: createModelIdResolver(models.rows.map((row) => ({ id: row.id, aliases: row.aliases ?? [] }))),
    costRates: createDatedRatesLookup(
      rates.rows.map((row) => ({
        modelId: row.model_id,
        tokenType: row.token_type,
        effectiveFrom: row.effective_from,
        pricePerMillion: money(row.price),
      })),
    ),
    loadedAt,
  };
}

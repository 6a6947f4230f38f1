import type { DbOrTx, Prisma } from "@tollgate/db";
import { ratesInForce, sortCostRates, toCostRateView, type ModelView } from "./model-view.ts";

export const MAX_MODELS_PAGE = 500;

export interface ListModelsInput {
  provider?: string | undefined;
  /** Case-insensitive substring of the id or display name, or an exact alias. */
  search?: string | undefined;
  /** Page size, default 100, at most MAX_MODELS_PAGE. */
  limit?: number | undefined;
  /** The id of the last model of the previous page. */
  after?: string | undefined;
  /** Which rates count as current; default now. */
  at?: Date | undefined;
}

export interface ModelPage {
  models: ModelView[];
  /** The `after` of the next page; null on the last one. */
  nextAfter: string | null;
}

/** Catalog models by id (keyset pages), each with the cost rates in force at `at`. */
export async function listModels(db: DbOrTx, input: ListModelsInput = {}): Promise<ModelPage> {
  const limit = Math.min(Math.max(input.limit ?? 100, 1), MAX_MODELS_PAGE);
  const at = input.at ?? new Date();
  const where: Prisma.ModelWhereInput = {
    ...(input.provider !== undefined && { provider: input.provider }),
    ...(input.after !== undefined && { id: { gt: input.after } }),
    ...(input.search !== undefined && {
      OR: [
        { id: { contains: input.search, mode: "insensitive" } },
        { displayName: { contains: input.search, mode: "insensitive" } },
        { aliases: { has: input.search } },
      ],
    }),
  };
  const rows = await db.model.findMany({ where, orderBy: { id: "asc" }, take: limit + 1 });
  const page = rows.slice(0, limit);
  // Rates that have started, for this page's models only; the latest per type is picked below.
  const rates = await db.modelCostRate.findMany({
    where: { modelId: { in: page.map((model) => model.id) }, effectiveFrom: { lte: at } },
  });
  const ratesByModel = new Map<string, ReturnType<typeof toCostRateView>[]>();
  for (const rate of rates) {
    const list = ratesByModel.get(rate.modelId) ?? [];
    list.push(toCostRateView(rate));
    ratesByModel.set(rate.modelId, list);
  }
  return {
    models: page.map((model) => ({
      id: model.id,
      provider: model.provider,
      displayName: model.displayName,
      aliases: model.aliases,
      costRates: ratesInForce(sortCostRates(ratesByModel.get(model.id) ?? []), at),
      createdAt: model.createdAt,
      updatedAt: model.updatedAt,
    })),
    nextAfter: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

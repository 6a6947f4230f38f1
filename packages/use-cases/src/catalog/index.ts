// Entry point @tollgate/use-cases/catalog.
export * from "./add-cost-rates.ts";
export type { CatalogActor, CatalogChange } from "./catalog-change.ts";
export * from "./create-model.ts";
export * from "./get-model.ts";
export * from "./list-models.ts";
export * from "./model-id-resolver.ts";
export * from "./model-view.ts";
export * from "./prices-sync-apply.ts";
export * from "./prices-sync-command.ts";
export * from "./prices-sync-diff.ts";
export * from "./prices-sync-format.ts";
export * from "./prices-sync-state.ts";
export * from "./update-model.ts";
export * from "./prices-sync-review.ts";
export * from "./unrated-usage.ts";

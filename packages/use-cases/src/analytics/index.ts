// Entry point @tollgate/use-cases/analytics: the operators' cross-tenant analytics (issue 20).
export * from "./refresh-analytics-rollups.ts";
export {
  analyticsWindow,
  MAX_ANALYTICS_WEEKS,
  weekStart,
  type AnalyticsQuery,
  type AnalyticsWindow,
} from "./analytics-window.ts";
export * from "./tokens-by-model-week.ts";
export * from "./provider-share.ts";
export * from "./top-tenants.ts";
export * from "./tenant-windows.ts";
export * from "./top-agents.ts";
export * from "./get-margin.ts";
export * from "./unrated-volume.ts";

import type { AppRouter } from "@tollgate/trpc";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

/** What the console's screens receive, inferred from the router's type alone (no server code reaches the bundle). */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type SessionUser = NonNullable<RouterOutputs["auth"]["me"]>;
export type UsageSummary = RouterOutputs["usage"]["summary"];
export type UsageTotals = UsageSummary["totals"];
export type DailyUsage = UsageSummary["daily"][number];
export type ModelUsage = RouterOutputs["usage"]["byModel"][number];
export type TenantListItem = RouterOutputs["tenants"]["list"][number];
export type UsageExploration = RouterOutputs["usageReads"]["explore"];
export type ExploreGroup = UsageExploration["groups"][number];
export type ExploreOptions = RouterOutputs["usageReads"]["exploreOptions"];

// Entry point @tollgate/use-cases/subscriptions.
export * from "./assign-subscription.ts";
export * from "./list-tenant-subscriptions.ts";
export * from "./migrate-subscriptions.ts";
export * from "./plan-in-force.ts";
export {
  requireSubscribableVersion,
  subscriptionViews,
  tenantsWithRatedUsageSince,
  type SubscriptionView,
} from "./subscription-row.ts";

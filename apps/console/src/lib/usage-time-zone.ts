import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "./trpc.ts";

/** The browser's zone, read once: offered beside the tenant's own and UTC. */
const BROWSER_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

export interface UsageTimeZone {
  /** The zone the days are counted in; undefined while the tenant's own zone is still loading. */
  timeZone: string | undefined;
  /** The tenant's zone (its Settings), kept as fast local-day rollups; undefined while loading. */
  tenantZone: string | undefined;
  /** The zones the picker offers: the tenant's, the browser's, UTC and the one in the URL. */
  zones: string[];
}

/**
 * The zone the usage page counts its days in (the query's `time_zone` and the "days in …" label): the URL's
 * `time_zone` if set, else the tenant's own (its Settings' zone, which has local-day rollups). The one place that
 * picks it. A failed settings read falls back to UTC rather than blocking the page.
 */
export function useUsageTimeZone(tenantId: string | undefined, fromUrl: string | undefined): UsageTimeZone {
  const trpc = useTRPC();
  const billing = useQuery(
    trpc.tenantBilling.get.queryOptions({ tenant_id: tenantId }, { enabled: tenantId !== undefined }),
  );
  const tenantZone = billing.data?.time_zone ?? (billing.isError ? "UTC" : undefined);
  const timeZone = fromUrl ?? tenantZone;
  const zones = [...new Set([tenantZone ?? "UTC", BROWSER_TIME_ZONE, "UTC", ...(timeZone ? [timeZone] : [])])];
  return { timeZone, tenantZone, zones };
}

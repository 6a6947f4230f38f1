import { useQuery } from "@tanstack/react-query";
import { useTenantScope } from "./tenant-scope.ts";
import { useTRPC } from "./trpc.ts";

/** The tenant's unread alert count for the nav badge; undefined while unknown or with no tenant picked. */
export function useUnreadAlertCount(): number | undefined {
  const trpc = useTRPC();
  const { tenantId } = useTenantScope();
  const count = useQuery(
    trpc.alerts.unreadCount.queryOptions({ tenantId }, { enabled: tenantId !== undefined, refetchInterval: 60_000 }),
  );
  return tenantId === undefined ? undefined : count.data?.unread;
}

import { Badge } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { useUnreadAlertCount } from "../lib/unread-alerts.ts";

/** The unread alert count beside the Alerts link; nothing when there are none. */
export function UnreadBadge(): ReactNode {
  const unread = useUnreadAlertCount();
  if (unread === undefined || unread === 0) return null;
  return (
    <Badge highContrast color="red" radius="full" size="1" data-testid="alerts-unread-badge">
      {unread > 99 ? "99+" : unread.toString()}
      <span className="sr-only"> unread</span>
    </Badge>
  );
}

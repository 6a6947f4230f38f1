import { TabNav } from "@radix-ui/themes";
import { Link, useLocation } from "@tanstack/react-router";
import type { ReactNode } from "react";

/** The operators' billing pages (one side-nav item, "Billing"): the runs and every tenant's invoices. */
export function BillingTabs(): ReactNode {
  const { pathname } = useLocation();
  return (
    <TabNav.Root aria-label="Billing pages">
      <TabNav.Link asChild active={pathname.startsWith("/admin/billing-runs")}>
        <Link to="/admin/billing-runs" data-testid="billing-tab-runs">
          Billing runs
        </Link>
      </TabNav.Link>
      <TabNav.Link asChild active={pathname.startsWith("/admin/invoices")}>
        <Link to="/admin/invoices" data-testid="billing-tab-invoices">
          Invoices
        </Link>
      </TabNav.Link>
    </TabNav.Root>
  );
}

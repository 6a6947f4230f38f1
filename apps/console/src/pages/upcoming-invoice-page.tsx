import { Callout, Flex } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { DateTime } from "../components/date-time.tsx";
import { DownloadButton } from "../components/download-button.tsx";
import { InvoiceDocument } from "../components/invoice-document.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PickTenantFirst } from "../components/pick-tenant-first.tsx";
import { formatPeriod } from "../lib/dates.ts";
import { useTenantScope } from "../lib/tenant-scope.ts";
import { useTRPC, useTRPCClient } from "../lib/trpc.ts";

/** `/invoices/upcoming`: the current period's live draft, refreshed as usage arrives. */
export function UpcomingInvoicePage(): ReactNode {
  const scope = useTenantScope();
  const trpc = useTRPC();
  // Files are fetched when asked for, never cached.
  const client = useTRPCClient();
  const tenantId = scope.tenantId;
  const upcoming = useQuery(
    trpc.invoices.upcoming.queryOptions(
      { tenant_id: tenantId },
      { enabled: tenantId !== undefined, refetchInterval: 15_000 },
    ),
  );

  return (
    <Flex direction="column" gap="4">
      <Link to="/invoices" className="back-link">
        ← Invoices
      </Link>
      {tenantId === undefined ? (
        <PickTenantFirst />
      ) : upcoming.isPending ? (
        <Loading label="Loading the upcoming invoice…" />
      ) : upcoming.isError ? (
        <ErrorState error={upcoming.error} onRetry={() => void upcoming.refetch()} />
      ) : (
        <>
          <PageHeader
            title="Upcoming invoice"
            description={`${formatPeriod(upcoming.data.period_start, upcoming.data.period_end)} (UTC) · a live draft`}
          >
            {upcoming.data.invoices.length > 0 && (
              <>
                <DownloadButton
                  label="PDF (draft)"
                  testId="download-upcoming-pdf"
                  fetchFile={() => client.invoices.upcomingPdf.query({ tenant_id: tenantId })}
                />
                <DownloadButton
                  label="Lines CSV"
                  fetchFile={() => client.invoices.upcomingCsv.query({ tenant_id: tenantId })}
                />
              </>
            )}
          </PageHeader>
          <Callout.Root highContrast color="blue" size="1">
            <Callout.Text>
              It is finalized and numbered at <DateTime iso={upcoming.data.finalizes_at} billingDay />. Until then
              amounts change as usage arrives; the minimum-commitment true-up shown is projected from usage so far.
            </Callout.Text>
          </Callout.Root>
          {upcoming.data.invoices.length === 0 ? (
            <Empty title="Nothing billed in this period yet." />
          ) : (
            upcoming.data.invoices.map((invoice) => (
              <InvoiceDocument key={invoice.currency} invoice={invoice} issuedBy={upcoming.data.issued_by} />
            ))
          )}
        </>
      )}
    </Flex>
  );
}

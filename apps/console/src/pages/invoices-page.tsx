import { Button, Card, Flex, SegmentedControl, Text } from "@radix-ui/themes";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { useMemo, type ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { columnsFor, DataTable } from "../components/data-table.tsx";
import { DateTime } from "../components/date-time.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PickTenantFirst } from "../components/pick-tenant-first.tsx";
import { formatPeriod } from "../lib/dates.ts";
import { formatMoney } from "../lib/format.ts";
import type { InvoiceView } from "../lib/invoice-status.ts";
import { INVOICE_STATUS_FILTERS } from "../lib/search-params.ts";
import { useTenantScope } from "../lib/tenant-scope.ts";
import { useTRPC, useTRPCClient } from "../lib/trpc.ts";
import { InvoiceStatusBadge } from "../components/invoice-status-badge.tsx";

const col = columnsFor<InvoiceView>();
const columns = col.columns([
  col.accessor("number", {
    header: "Number",
    cell: (info) => {
      const invoice = info.row.original;
      return (
        <Flex direction="column" gap="1">
          {invoice.id ? (
            <Link
              to="/invoices/$invoiceId"
              params={{ invoiceId: invoice.id }}
              className="nowrap"
              data-testid="invoice-link"
            >
              {info.getValue() ?? "Draft"}
            </Link>
          ) : (
            <span className="nowrap">{info.getValue()}</span>
          )}
          {/* Phones hide the period and date columns so the total fits: the period goes under the number. */}
          <Text size="1" color="gray" className="phone-only">
            {formatPeriod(invoice.period_start, invoice.period_end)}
          </Text>
        </Flex>
      );
    },
  }),
  col.accessor("period_start", {
    header: "Period (UTC)",
    sortFn: "datetime",
    meta: { secondary: true },
    cell: (info) => formatPeriod(info.row.original.period_start, info.row.original.period_end),
  }),
  col.accessor("status", {
    header: "Status",
    cell: (info) => <InvoiceStatusBadge invoice={info.row.original} />,
  }),
  col.accessor("issued_at", {
    header: "Issued",
    sortFn: "datetime",
    meta: { secondary: true },
    cell: (info) => <DateTime iso={info.getValue()} dateOnly billingDay />,
  }),
  col.accessor("due_at", {
    header: "Due",
    sortFn: "datetime",
    meta: { secondary: true },
    cell: (info) => <DateTime iso={info.getValue()} dateOnly billingDay />,
  }),
  col.accessor("total", {
    header: "Total",
    sortFn: "decimal",
    meta: { numeric: true },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
  col.accessor("amount_due", {
    header: "Amount due",
    sortFn: "decimal",
    meta: { numeric: true, secondary: true },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
]);

const FILTER_LABELS = { all: "All", finalized: "Open", paid: "Paid", void: "Void" } as const;

/** `/invoices`: the upcoming invoice on top, then every issued invoice, filterable by status (in the URL). */
export function InvoicesPage(): ReactNode {
  const scope = useTenantScope();
  const { status } = useSearch({ from: "/signed-in/invoices" });
  const navigate = useNavigate({ from: "/invoices" });

  return (
    <Flex direction="column" gap="4">
      <PageHeader title="Invoices" description="One invoice per billing period, finalized after the grace period.">
        <SegmentedControl.Root
          value={status ?? "all"}
          onValueChange={(value) => {
            const next = INVOICE_STATUS_FILTERS.find((filter) => filter === value);
            void navigate({ search: (prev) => ({ ...prev, status: next }) });
          }}
          aria-label="Status"
          size="1"
        >
          {(["all", ...INVOICE_STATUS_FILTERS] as const).map((filter) => (
            <SegmentedControl.Item key={filter} value={filter}>
              {FILTER_LABELS[filter]}
            </SegmentedControl.Item>
          ))}
        </SegmentedControl.Root>
      </PageHeader>
      {scope.tenantId === undefined ? (
        <PickTenantFirst />
      ) : (
        <>
          <UpcomingCard tenantId={scope.tenantId} />
          <InvoiceList tenantId={scope.tenantId} status={status} />
        </>
      )}
    </Flex>
  );
}

function UpcomingCard({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const upcoming = useQuery(trpc.invoices.upcoming.queryOptions({ tenant_id: tenantId }, { refetchInterval: 30_000 }));
  if (upcoming.isPending) return <Loading label="Loading the upcoming invoice…" />;
  if (upcoming.isError) return <ErrorState error={upcoming.error} onRetry={() => void upcoming.refetch()} />;
  const draft = upcoming.data.invoices[0];
  return (
    <Card data-testid="upcoming-card">
      <Flex align="center" justify="between" wrap="wrap" gap="3">
        <Flex direction="column" gap="1">
          <Text size="2" color="gray">
            Upcoming invoice · {formatPeriod(upcoming.data.period_start, upcoming.data.period_end)}
          </Text>
          <Text size="6" weight="bold" data-testid="upcoming-total">
            {draft ? formatMoney(draft.total, draft.currency) : "Nothing billed yet"}
          </Text>
          <Text size="1" color="gray">
            Finalizes <DateTime iso={upcoming.data.finalizes_at} billingDay />; amounts so far, before any late usage.
          </Text>
        </Flex>
        <Button asChild variant="soft">
          <Link to="/invoices/upcoming">See the lines</Link>
        </Button>
      </Flex>
    </Card>
  );
}

function InvoiceList({ tenantId, status }: { tenantId: string; status: InvoiceView["status"] | undefined }): ReactNode {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { tenant_id: tenantId, status: status === "draft" ? undefined : status, limit: 50 };
  // Pages by the operation's own cursor. (tRPC's infinite options add a `direction` field, which the operation's
  // strict input — shared with REST — rightly refuses.)
  const pages = useInfiniteQuery({
    queryKey: trpc.invoices.list.infiniteQueryKey(input),
    queryFn: ({ pageParam }) => client.invoices.list.query({ ...input, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const invoices = useMemo(() => pages.data?.pages.flatMap((page) => page.invoices) ?? [], [pages.data]);

  if (pages.isPending) return <Loading label="Loading invoices…" />;
  if (pages.isError) return <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />;
  if (invoices.length === 0) {
    return (
      <Empty title={status ? "No invoices with this status." : "No invoices yet."}>
        The first invoice is issued when the current billing period ends and its grace period has passed.
      </Empty>
    );
  }
  return (
    <Flex direction="column" gap="2">
      <DataTable
        data={invoices}
        columns={columns}
        label="Invoices"
        getRowId={(row) => row.id ?? row.period_start}
        testId="invoice-table"
      />
      {pages.hasNextPage && (
        <Flex justify="center">
          <Button variant="soft" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? "Loading…" : "Load older invoices"}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}

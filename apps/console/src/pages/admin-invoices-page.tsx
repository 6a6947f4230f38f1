import { Box, Button, Flex, SegmentedControl, Text } from "@radix-ui/themes";
import { useInfiniteQuery, useQueries } from "@tanstack/react-query";
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { useMemo, type ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { BillingTabs } from "../components/billing-tabs.tsx";
import { columnsFor, DataTable } from "../components/data-table.tsx";
import { InvoiceAdminActions } from "../components/invoice-admin-actions.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { TenantSelect } from "../components/tenant-select.tsx";
import { formatPeriod } from "../lib/dates.ts";
import { formatMoney } from "../lib/format.ts";
import type { InvoiceView } from "../lib/invoice-status.ts";
import { INVOICE_STATUS_FILTERS } from "../lib/search-params.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC, useTRPCClient } from "../lib/trpc.ts";
import { InvoiceStatusBadge } from "../components/invoice-status-badge.tsx";

type Row = InvoiceView & { tenant_name: string };

const ALL = "all";
const FILTER_LABELS = { all: "All", finalized: "Open", paid: "Paid", void: "Void" } as const;

const col = columnsFor<Row>();
// Newest first, paged by the server: the columns do not re-sort a partial list.
const columns = col.columns([
  // Number and tenant in one cell, so the actions fit on a phone.
  col.accessor("number", {
    header: "Invoice",
    enableSorting: false,
    cell: (info) => {
      const invoice = info.row.original;
      return (
        <Flex direction="column" gap="1">
          {invoice.id ? (
            // The tenant's own invoice page, read as an operator looking at that tenant.
            <Link
              to="/invoices/$invoiceId"
              params={{ invoiceId: invoice.id }}
              search={{ tenant: invoice.tenant_id }}
              data-testid="admin-invoice-link"
              className="nowrap"
            >
              {info.getValue() ?? "Draft"}
            </Link>
          ) : (
            info.getValue()
          )}
          <Text size="1" color="gray" data-testid="admin-invoice-tenant">
            {invoice.tenant_name}
          </Text>
          {/* Phones hide the status column so total and actions fit: the status goes here instead. */}
          <div className="phone-only">
            <InvoiceStatusBadge invoice={invoice} />
          </div>
        </Flex>
      );
    },
  }),
  col.accessor("period_start", {
    header: "Period (UTC)",
    enableSorting: false,
    meta: { secondary: true },
    cell: (info) => formatPeriod(info.row.original.period_start, info.row.original.period_end),
  }),
  col.accessor("status", {
    header: "Status",
    enableSorting: false,
    meta: { secondary: true },
    cell: (info) => <InvoiceStatusBadge invoice={info.row.original} testId="admin-invoice-status" />,
  }),
  col.accessor("total", {
    header: "Total",
    enableSorting: false,
    meta: { numeric: true },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
  col.accessor("amount_due", {
    header: "Amount due",
    enableSorting: false,
    meta: { numeric: true, secondary: true },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
  col.display({
    id: "actions",
    header: () => <span className="sr-only">Actions</span>,
    cell: (info) => <InvoiceAdminActions invoice={info.row.original} />,
  }),
]);

/** `/admin/invoices`: every tenant's invoices, newest first, by status and tenant (`?for_tenant=`), with their actions. */
export function AdminInvoicesPage(): ReactNode {
  const user = useSignedInUser();
  if (user.role !== "operator") return <OperatorsOnly />;
  return (
    <Flex direction="column" gap="4">
      <BillingTabs />
      <PageHeader title="Invoices" description="Every tenant's issued invoices: mark them paid, void or credit them.">
        <Filters />
      </PageHeader>
      <InvoiceList />
    </Flex>
  );
}

function Filters(): ReactNode {
  const search = useSearch({ from: "/signed-in/admin/invoices" });
  const navigate = useNavigate({ from: "/admin/invoices" });
  return (
    <>
      <Box width={{ initial: "100%", sm: "260px" }}>
        <TenantSelect
          value={search.for_tenant}
          onChange={(id) => void navigate({ search: (prev) => ({ ...prev, for_tenant: id }) })}
          anyLabel="Every tenant"
          testId="admin-invoices-tenant"
        />
      </Box>
      <SegmentedControl.Root
        value={search.status ?? ALL}
        onValueChange={(value) => {
          const next = INVOICE_STATUS_FILTERS.find((filter) => filter === value);
          void navigate({ search: (prev) => ({ ...prev, status: next }) });
        }}
        aria-label="Status"
        size="1"
      >
        {([ALL, ...INVOICE_STATUS_FILTERS] as const).map((filter) => (
          <SegmentedControl.Item key={filter} value={filter}>
            {FILTER_LABELS[filter]}
          </SegmentedControl.Item>
        ))}
      </SegmentedControl.Root>
    </>
  );
}

/** Module-level, so useQueries keeps its map between renders while no lookup changes. */
function namesById(results: { data?: { id: string; name: string }[] | undefined }[]): Map<string, string> {
  return new Map(results.flatMap((result) => result.data ?? []).map((tenant) => [tenant.id, tenant.name]));
}

function InvoiceList(): ReactNode {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { status, for_tenant: tenant } = useSearch({ from: "/signed-in/admin/invoices" });
  const input = { tenant_id: tenant, status, limit: 50 };
  // Pages by the operation's own cursor (its strict input, shared with REST, refuses tRPC's `direction`).
  const pages = useInfiniteQuery({
    queryKey: trpc.invoiceAdmin.list.infiniteQueryKey(input),
    queryFn: ({ pageParam }) => client.invoiceAdmin.list.query({ ...input, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  // The names of the tenants a page shows, asked by those ids page by page (at most 50 each): never the directory.
  const names = useQueries({
    queries: (pages.data?.pages ?? [])
      .filter((page) => page.invoices.length > 0)
      .map((page) =>
        trpc.tenants.list.queryOptions({ ids: [...new Set(page.invoices.map((invoice) => invoice.tenant_id))] }),
      ),
    combine: namesById,
  });
  const rows = useMemo(
    () =>
      (pages.data?.pages.flatMap((page) => page.invoices) ?? []).map((invoice) => ({
        ...invoice,
        tenant_name: names.get(invoice.tenant_id) ?? invoice.tenant_id,
      })),
    [pages.data, names],
  );

  if (pages.isPending) return <Loading label="Loading invoices…" />;
  if (pages.isError) return <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />;
  if (rows.length === 0) {
    return (
      <Empty title={status || tenant ? "No invoice matches the filters." : "No invoices yet."}>
        Invoices are issued when a billing run closes a tenant’s period.
      </Empty>
    );
  }
  return (
    <Flex direction="column" gap="2">
      <DataTable
        data={rows}
        columns={columns}
        label="Invoices of every tenant"
        getRowId={(row) => row.id ?? row.period_start}
        pageSize={Number.MAX_SAFE_INTEGER}
        testId="admin-invoice-table"
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

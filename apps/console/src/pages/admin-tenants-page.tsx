import { Badge, Button, Flex, SegmentedControl, Text } from "@radix-ui/themes";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { useMemo, type ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { columnsFor, DataTable } from "../components/data-table.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { SearchBox } from "../components/search-box.tsx";
import { formatGrowth, formatMoney, formatTokens } from "../lib/format.ts";
import type { RouterOutputs } from "../lib/router-types.ts";
import { ADMIN_TENANT_SORTS } from "../lib/search-params.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC, useTRPCClient } from "../lib/trpc.ts";

type TenantRow = RouterOutputs["tenantDirectory"]["list"]["tenants"][number];

const col = columnsFor<TenantRow>();
// The server sorts and pages (10,000 tenants do not come to the browser): the columns do not sort themselves.
const columns = col.columns([
  col.accessor("name", {
    header: "Tenant",
    enableSorting: false,
    cell: (info) => {
      const tenant = info.row.original;
      return (
        <Flex direction="column" gap="1">
          {/* "View as tenant": the tenant's own pages, read-only for an operator. */}
          <Link to="/" search={{ tenant: tenant.id }} data-testid="admin-tenant-link">
            {tenant.name}
          </Link>
          <Text size="1" color="gray">
            {tenant.slug}
          </Text>
          {/* The operator's own page of the tenant: subscriptions, credit, overrides, budgets, billing. */}
          <Link
            to="/admin/tenants/$tenantId"
            params={{ tenantId: tenant.id }}
            data-testid="admin-tenant-manage"
            aria-label={`Manage ${tenant.name}`}
          >
            <Text size="1">Manage</Text>
          </Link>
        </Flex>
      );
    },
  }),
  col.accessor("plan", {
    header: "Plan",
    enableSorting: false,
    meta: { secondary: true },
    cell: (info) => {
      const plan = info.getValue();
      return plan === null ? <Text color="gray">None</Text> : `${plan.name} v${plan.version.toString()}`;
    },
  }),
  col.accessor("spend", {
    header: "Spend this period",
    enableSorting: false,
    meta: { numeric: true },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
  col.accessor("tokens", {
    header: "Tokens",
    enableSorting: false,
    meta: { numeric: true, secondary: true },
    cell: (info) => formatTokens(info.getValue()),
  }),
  col.accessor("growth", {
    // This period so far against the last one up to the same point (as many hours in), so a steady tenant reads flat.
    header: "vs same point last period",
    enableSorting: false,
    meta: { numeric: true, secondary: true },
    cell: (info) => {
      const growth = info.getValue();
      return growth === null ? <Text color="gray">—</Text> : formatGrowth(growth);
    },
  }),
  col.accessor("credit_balance", {
    header: "Credit",
    enableSorting: false,
    meta: { numeric: true, secondary: true },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
  col.accessor("unread_alerts", {
    header: "Alerts",
    enableSorting: false,
    meta: { numeric: true, secondary: true },
    cell: (info) =>
      info.getValue() === 0 ? (
        <Text color="gray">0</Text>
      ) : (
        <Badge highContrast color="red">
          {info.getValue().toString()}
        </Badge>
      ),
  }),
]);

const SORT_LABELS = { name: "Name", spend: "Spend" } as const;

/** `/admin/tenants`: every tenant at a glance for operators; the search and the sort are in the URL. */
export function AdminTenantsPage(): ReactNode {
  const user = useSignedInUser();
  const { q, sort } = useSearch({ from: "/signed-in/admin/tenants" });
  const navigate = useNavigate({ from: "/admin/tenants" });

  if (user.role !== "operator") return <OperatorsOnly />;
  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title="Tenants"
        description="Every tenant with its plan, this billing period's spend, credit and alerts. Open one to view its pages as it sees them (read-only); Manage sets its plan, credit, overrides, budgets and billing."
      />
      <Flex gap="3" wrap="wrap" align="center">
        <SearchBox
          value={q}
          onCommit={(next) => {
            void navigate({ search: (prev) => ({ ...prev, q: next }), replace: true });
          }}
          placeholder="Name or slug starts with…"
          label="Search tenants"
          testId="admin-tenant-search"
        />
        <Flex align="center" gap="2">
          <Text size="2" color="gray" id="tenant-sort-label">
            Sort by
          </Text>
          <SegmentedControl.Root
            value={sort ?? "name"}
            onValueChange={(value) => {
              const next = ADMIN_TENANT_SORTS.find((known) => known === value);
              void navigate({ search: (prev) => ({ ...prev, sort: next === "name" ? undefined : next }) });
            }}
            aria-labelledby="tenant-sort-label"
            size="1"
          >
            {ADMIN_TENANT_SORTS.map((known) => (
              <SegmentedControl.Item key={known} value={known} data-testid={`tenant-sort-${known}`}>
                {SORT_LABELS[known]}
              </SegmentedControl.Item>
            ))}
          </SegmentedControl.Root>
        </Flex>
      </Flex>
      <TenantList search={q} sort={sort ?? "name"} />
    </Flex>
  );
}

function TenantList({ search, sort }: { search: string | undefined; sort: "name" | "spend" }): ReactNode {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { search, sort };
  // Pages by the operation's own cursor (its strict input, shared with REST, refuses tRPC's `direction`).
  const pages = useInfiniteQuery({
    queryKey: trpc.tenantDirectory.list.infiniteQueryKey(input),
    queryFn: ({ pageParam }) => client.tenantDirectory.list.query({ ...input, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const tenants = useMemo(() => pages.data?.pages.flatMap((page) => page.tenants) ?? [], [pages.data]);

  if (pages.isPending) return <Loading label="Loading tenants…" />;
  if (pages.isError) return <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />;
  if (tenants.length === 0) {
    return (
      <Empty title={search === undefined ? "No tenants yet." : `No tenant's name or slug starts with “${search}”.`}>
        Tenants are created with POST /v1/admin/tenants.
      </Empty>
    );
  }
  return (
    <Flex direction="column" gap="2">
      <DataTable
        data={tenants}
        columns={columns}
        label="Tenants"
        getRowId={(tenant) => tenant.id}
        pageSize={Number.MAX_SAFE_INTEGER}
        testId="admin-tenant-table"
      />
      {pages.hasNextPage && (
        <Flex justify="center">
          <Button variant="soft" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}

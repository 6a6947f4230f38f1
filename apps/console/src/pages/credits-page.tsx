import { money } from "@tollgate/domain";
import { Badge, Card, Flex, Grid, Link as RadixLink, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useMemo, type ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { columnsFor, DataTable } from "../components/data-table.tsx";
import { DateTime } from "../components/date-time.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PickTenantFirst } from "../components/pick-tenant-first.tsx";
import {
  creditTotals,
  GRANT_STATUS_COLORS,
  GRANT_STATUS_LABELS,
  withAllocatedAmounts,
  type CreditGrantView,
} from "../lib/credit-views.ts";
import { formatMoney } from "../lib/format.ts";
import { useTenantScope } from "../lib/tenant-scope.ts";
import { useTRPC } from "../lib/trpc.ts";

const col = columnsFor<CreditGrantView>();
function StatusBadge({ grant }: { grant: CreditGrantView }): ReactNode {
  return (
    <Badge highContrast color={GRANT_STATUS_COLORS[grant.status]}>
      {GRANT_STATUS_LABELS[grant.status]}
    </Badge>
  );
}

/**
 * What a phone shows under the grant's name in place of the hidden columns (granted, expired, expiry, status), so
 * granted, used and remaining are all on screen with the two numeric columns.
 */
function PhoneTerms({ grant }: { grant: CreditGrantView }): ReactNode {
  const expiredAmount = money(grant.expired).isZero()
    ? ""
    : ` · ${formatMoney(grant.expired, grant.currency)} expired unused`;
  return (
    <Flex direction="column" gap="1" align="start" className="phone-only" data-testid="grant-phone-terms">
      <Text size="1" color="gray">
        {formatMoney(grant.amount, grant.currency)} granted{expiredAmount}
      </Text>
      <Text size="1" color="gray">
        {grant.expires_at === null ? (
          "Never expires"
        ) : (
          <>
            {grant.status === "expired" ? "Expired" : "Expires"} <DateTime iso={grant.expires_at} dateOnly />
          </>
        )}
      </Text>
      <StatusBadge grant={grant} />
    </Flex>
  );
}

const columns = col.columns([
  col.accessor("reason", {
    header: "Grant",
    cell: (info) => (
      <Flex direction="column" gap="1">
        <RadixLink asChild>
          <Link to="/credits/$grantId" params={{ grantId: info.row.original.id }} data-testid="grant-link">
            {info.getValue()}
          </Link>
        </RadixLink>
        <PhoneTerms grant={info.row.original} />
      </Flex>
    ),
  }),
  col.accessor("kind", {
    header: "Kind",
    meta: { secondary: true },
    cell: (info) => (info.getValue() === "paid" ? "Paid" : "Promotional"),
  }),
  col.accessor("amount", {
    header: "Granted",
    sortFn: "decimal",
    meta: { numeric: true, secondary: true },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
  col.accessor("used", {
    header: "Used",
    sortFn: "decimal",
    meta: { numeric: true },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
  // What expired or was voided unused: without it an expired grant's granted − used ≠ remaining reads as a mistake.
  col.accessor("expired", {
    header: "Expired",
    sortFn: "decimal",
    meta: { numeric: true, secondary: true },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
  col.accessor("balance", {
    header: "Remaining",
    sortFn: "decimal",
    meta: { numeric: true },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
  col.accessor("expires_at", {
    header: "Expires",
    sortFn: "datetime",
    meta: { secondary: true },
    cell: (info) =>
      info.row.original.expires_at === null ? "Never" : <DateTime iso={info.row.original.expires_at} dateOnly />,
  }),
  col.accessor("granted_at", {
    header: "Granted on",
    sortFn: "datetime",
    meta: { secondary: true },
    cell: (info) => <DateTime iso={info.row.original.granted_at} dateOnly />,
  }),
  col.accessor("status", {
    header: "Status",
    meta: { secondary: true },
    cell: (info) => <StatusBadge grant={info.row.original} />,
  }),
]);

/** `/credits`: the tenant's credit grants, what is left of each, and the totals per currency. */
export function CreditsPage(): ReactNode {
  const scope = useTenantScope();
  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title="Credits"
        description="Prepaid and promotional credit, applied to usage before it is invoiced."
      />
      {scope.tenantId === undefined ? <PickTenantFirst /> : <GrantList tenantId={scope.tenantId} />}
    </Flex>
  );
}

function GrantList({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const grants = useQuery(trpc.credits.list.queryOptions({ tenantId }));
  const shown = useMemo(() => withAllocatedAmounts(grants.data?.credit_grants ?? []), [grants.data]);
  const totals = useMemo(() => creditTotals(grants.data?.credit_grants ?? []), [grants.data]);

  if (grants.isPending) return <Loading label="Loading credit grants…" />;
  if (grants.isError) return <ErrorState error={grants.error} onRetry={() => void grants.refetch()} />;
  if (shown.length === 0) {
    return <Empty title="No credit grants yet.">Credit you buy or are given shows here with what is left of it.</Empty>;
  }
  return (
    <Flex direction="column" gap="4">
      <Grid columns={{ initial: "1", sm: "2" }} gap="3">
        {totals.map((total) => (
          <Card key={total.currency} data-testid="credit-totals">
            <Flex direction="column" gap="1">
              <Text size="2" color="gray">
                Remaining ({total.currency})
              </Text>
              <Text size="6" weight="bold" data-testid="credit-remaining">
                {formatMoney(total.remaining, total.currency)}
              </Text>
              <Text size="1" color="gray">
                of {formatMoney(total.granted, total.currency)} granted
              </Text>
            </Flex>
          </Card>
        ))}
      </Grid>
      <DataTable
        data={shown}
        columns={columns}
        label="Credit grants"
        getRowId={(grant) => grant.id}
        testId="grant-table"
      />
    </Flex>
  );
}

import { Badge, Card, DataList, Flex, Heading, Link as RadixLink } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { Empty, Loading } from "../components/async-state.tsx";
import { MainEntityError } from "../components/main-entity-error.tsx";
import { BalanceChart } from "../components/balance-chart.tsx";
import { columnsFor, DataTable } from "../components/data-table.tsx";
import { DateTime } from "../components/date-time.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PickTenantFirst } from "../components/pick-tenant-first.tsx";
import { GRANT_STATUS_COLORS, GRANT_STATUS_LABELS, type CreditDay } from "../lib/credit-views.ts";
import { formatPeriodStart } from "../lib/dates.ts";
import { formatMoney } from "../lib/format.ts";
import { useTenantScope } from "../lib/tenant-scope.ts";
import { useTRPC } from "../lib/trpc.ts";

const col = columnsFor<CreditDay>();

function dayColumns(currency: string) {
  return col.columns([
    // Sorted by the ISO day, shown as the console writes days.
    col.accessor("day", { header: "Day (UTC)", cell: (info) => formatPeriodStart(`${info.getValue()}T00:00:00Z`) }),
    col.accessor("used", {
      header: "Used",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => formatMoney(info.getValue(), currency),
    }),
    col.accessor("expired", {
      header: "Expired",
      sortFn: "decimal",
      meta: { numeric: true, secondary: true },
      cell: (info) => formatMoney(info.getValue(), currency),
    }),
    col.accessor("balance", {
      header: "Balance after",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => formatMoney(info.getValue(), currency),
    }),
  ]);
}

/** `/credits/$grantId`: one grant and its use by UTC day, with the balance left after each day. */
export function CreditGrantPage(): ReactNode {
  const scope = useTenantScope();
  const { grantId } = useParams({ from: "/signed-in/credits/$grantId" });
  return (
    <Flex direction="column" gap="4">
      <RadixLink asChild size="2">
        <Link to="/credits">← All credit grants</Link>
      </RadixLink>
      {scope.tenantId === undefined ? (
        <PickTenantFirst />
      ) : (
        <GrantHistory tenantId={scope.tenantId} grantId={grantId} />
      )}
    </Flex>
  );
}

function GrantHistory({ tenantId, grantId }: { tenantId: string; grantId: string }): ReactNode {
  const trpc = useTRPC();
  const history = useQuery(trpc.credits.history.queryOptions({ tenantId, grantId }));
  if (history.isPending) return <Loading label="Loading the grant…" />;
  if (history.isError) return <MainEntityError error={history.error} onRetry={() => void history.refetch()} />;
  const { grant, days } = history.data;
  return (
    <Flex direction="column" gap="4">
      <PageHeader title={grant.reason} description={grant.kind === "paid" ? "Paid credit" : "Promotional credit"}>
        <Badge highContrast color={GRANT_STATUS_COLORS[grant.status]} size="2">
          {GRANT_STATUS_LABELS[grant.status]}
        </Badge>
      </PageHeader>
      <Card>
        <DataList.Root orientation={{ initial: "vertical", sm: "horizontal" }} data-testid="grant-summary">
          <DataList.Item>
            <DataList.Label>Granted</DataList.Label>
            <DataList.Value>
              {/* The value is a flex box: one span keeps the spaces between the words. */}
              <span>
                {formatMoney(grant.amount, grant.currency)} on <DateTime iso={grant.granted_at} dateOnly />
              </span>
            </DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Used</DataList.Label>
            <DataList.Value>{formatMoney(grant.used, grant.currency)}</DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Expired or voided</DataList.Label>
            <DataList.Value>{formatMoney(grant.expired, grant.currency)}</DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Remaining</DataList.Label>
            <DataList.Value data-testid="grant-balance">{formatMoney(grant.balance, grant.currency)}</DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Expires</DataList.Label>
            <DataList.Value>
              {grant.expires_at === null ? "Never" : <DateTime iso={grant.expires_at} dateOnly />}
            </DataList.Value>
          </DataList.Item>
        </DataList.Root>
      </Card>
      <Heading as="h2" size="4">
        Balance by day
      </Heading>
      {days.length === 0 ? (
        <Empty title="Not used yet.">Each UTC day the grant pays for usage shows here.</Empty>
      ) : (
        <>
          <BalanceChart days={days} amount={grant.amount} currency={grant.currency} />
          <DataTable
            data={days}
            columns={dayColumns(grant.currency)}
            label="Use by day"
            getRowId={(day) => day.day}
            testId="grant-days"
          />
        </>
      )}
    </Flex>
  );
}

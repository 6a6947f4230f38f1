import { Button, Card, Flex, Heading, Text } from "@radix-ui/themes";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { Download } from "lucide-react";
import { useMemo, type ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { BudgetStatusCard } from "../components/budget-status-card.tsx";
import { ModelTable } from "../components/model-table.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PeriodForecast } from "../components/period-forecast.tsx";
import { PeriodHighlights } from "../components/period-highlights.tsx";
import { PickTenantFirst } from "../components/pick-tenant-first.tsx";
import { RangePicker } from "../components/range-picker.tsx";
import { TopTasksCard } from "../components/top-tasks-card.tsx";
import { UsageCards } from "../components/usage-cards.tsx";
import { UsageChart } from "../components/usage-chart.tsx";
import { formatRange, presetRange } from "../lib/date-range.ts";
import { downloadText } from "../lib/download.ts";
import { useTenantScope } from "../lib/tenant-scope.ts";
import { useTRPC } from "../lib/trpc.ts";
import { dailyUsageCsv, modelUsageCsv } from "../lib/usage-csv.ts";

/** `/`: one tenant's usage over a range (in the URL: `?range=7d`); operators see the tenant they picked. */
export function OverviewPage(): ReactNode {
  const scope = useTenantScope();
  const { range: preset = "30d" } = useSearch({ from: "/signed-in/" });
  const navigate = useNavigate({ from: "/" });
  const trpc = useTRPC();
  const tenantId = scope.tenantId;
  // Recomputed when the preset changes; "now" is the moment of the choice, as users expect.
  const range = useMemo(() => presetRange(preset, new Date()), [preset]);
  const input = { tenantId, from: range.from.toISOString(), to: range.to.toISOString() };

  // The previous range's numbers stay on screen while the new range loads (no flash of the loading state).
  const live = { enabled: tenantId !== undefined, placeholderData: keepPreviousData, refetchInterval: 15_000 };
  const summary = useQuery(trpc.usage.summary.queryOptions(input, live));
  const byModel = useQuery(trpc.usage.byModel.queryOptions(input, live));

  const fileStem = `tollgate-usage-${range.from.toISOString().slice(0, 10)}-${range.to.toISOString().slice(0, 10)}`;

  return (
    <Flex direction="column" gap="4">
      <PageHeader title="Overview" />
      {tenantId !== undefined && <PeriodForecast tenantId={tenantId} />}
      {tenantId !== undefined && <BudgetStatusCard tenantId={tenantId} />}
      {tenantId !== undefined && <PeriodHighlights tenantId={tenantId} />}

      <Flex align="center" justify="between" wrap="wrap" gap="3" mt="2">
        <Flex direction="column" gap="1">
          <Heading as="h2" size="4">
            Usage
          </Heading>
          <Text size="2" color="gray" data-testid="range-label">
            {formatRange(range)}
          </Text>
        </Flex>
        <RangePicker
          value={preset}
          onChange={(next) => {
            void navigate({ search: (prev) => ({ ...prev, range: next }) });
          }}
        />
      </Flex>

      {tenantId === undefined ? (
        scope.isOperator ? (
          <PickTenantFirst />
        ) : (
          <ErrorState message="Your account is not linked to a tenant. Ask an operator to fix it." />
        )
      ) : summary.isPending ? (
        <Loading label="Loading usage…" />
      ) : summary.isError ? (
        <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
      ) : (
        <>
          <UsageCards summary={summary.data} />
          {summary.data.totals.eventCount === "0" ? (
            <Empty title="No usage in this period.">
              Send events to <code>POST /v1/events</code> on the ingest service with a key that has the{" "}
              <code>ingest</code> scope; they appear here within seconds.
            </Empty>
          ) : (
            <>
              <Card>
                <Flex align="center" justify="between" wrap="wrap" gap="2" mb="2">
                  <Heading as="h3" size="3">
                    Tokens per day
                  </Heading>
                  <Button
                    variant="soft"
                    size="1"
                    data-testid="download-daily-csv"
                    onClick={() => {
                      downloadText(
                        `${fileStem}-daily.csv`,
                        dailyUsageCsv(summary.data.daily, summary.data.currency),
                        "text/csv",
                      );
                    }}
                  >
                    <Download size={12} aria-hidden="true" /> CSV
                  </Button>
                </Flex>
                <UsageChart daily={summary.data.daily} range={range} currency={summary.data.currency} />
              </Card>
              <Flex direction="column" gap="2">
                <Flex align="center" justify="between" wrap="wrap" gap="2">
                  <Heading as="h3" size="3">
                    By model
                  </Heading>
                  {byModel.data && (
                    <Button
                      variant="soft"
                      size="1"
                      data-testid="download-models-csv"
                      onClick={() => {
                        downloadText(
                          `${fileStem}-models.csv`,
                          modelUsageCsv(byModel.data, summary.data.currency),
                          "text/csv",
                        );
                      }}
                    >
                      <Download size={12} aria-hidden="true" /> CSV
                    </Button>
                  )}
                </Flex>
                {byModel.isPending ? (
                  <Loading label="Loading models…" />
                ) : byModel.isError ? (
                  <ErrorState error={byModel.error} onRetry={() => void byModel.refetch()} />
                ) : (
                  <ModelTable rows={byModel.data} currency={summary.data.currency} />
                )}
              </Flex>
            </>
          )}
        </>
      )}
      {/* This UTC month's, whatever the range above: task totals are kept per month. */}
      {tenantId !== undefined && <TopTasksCard tenantId={tenantId} />}
    </Flex>
  );
}

import { Button, Card, Flex, Heading, SegmentedControl, Select, Text, TextField } from "@radix-ui/themes";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { TOKEN_TYPES, type TokenType } from "@tollgate/domain";
import { Download } from "lucide-react";
import { useMemo, type ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { columnsFor, DataTable, type DataColumn } from "../components/data-table.tsx";
import { ExploreChart } from "../components/explore-chart.tsx";
import { MultiSelectFilter } from "../components/multi-select-filter.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PickTenantFirst } from "../components/pick-tenant-first.tsx";
import { RangePicker } from "../components/range-picker.tsx";
import { formatRange } from "../lib/date-range.ts";
import { downloadText } from "../lib/download.ts";
import { errorMessage } from "../lib/error-message.ts";
import { exploreRange } from "../lib/explore-range.ts";
import { formatMoney, formatTokens } from "../lib/format.ts";
import type { ExploreGroup, ExploreOptions, UsageExploration } from "../lib/router-types.ts";
import { EXPLORE_GROUP_BYS, type UsageSearch } from "../lib/search-params.ts";
import { useTenantScope } from "../lib/tenant-scope.ts";
import { TOKEN_LABELS } from "../lib/token-labels.ts";
import { useTRPC } from "../lib/trpc.ts";
import { exploreGroupsCsv } from "../lib/usage-csv.ts";

const GROUP_BY_LABELS: Record<(typeof EXPLORE_GROUP_BYS)[number], string> = {
  model: "Model",
  token_type: "Token type",
  api_key: "API key",
  customer: "Customer",
  agent: "Agent",
};
/** The same in running text ("Tokens by API key"). */
const GROUP_BY_PHRASES: Record<(typeof EXPLORE_GROUP_BYS)[number], string> = {
  model: "model",
  token_type: "token type",
  api_key: "API key",
  customer: "customer",
  agent: "agent",
};

type FilterKey = "model" | "api_key" | "customer" | "agent" | "token_type";

/** The browser's zone, offered beside the tenant's own and UTC. */
const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const col = columnsFor<ExploreGroup>();

function groupColumns(groupBy: UsageSearch["group_by"], currency: string): DataColumn<ExploreGroup>[] {
  return col.columns([
    col.accessor("label", { header: GROUP_BY_LABELS[groupBy ?? "model"], sortFn: "text" }),
    ...TOKEN_TYPES.map((type) =>
      col.accessor((group) => group.totals.tokens[type], {
        id: type,
        header: TOKEN_LABELS[type],
        sortFn: "decimal",
        meta: { numeric: true, secondary: true },
        cell: (info) => formatTokens(info.row.original.totals.tokens[type]),
      }),
    ),
    col.accessor((group) => group.totals.total_tokens, {
      id: "total_tokens",
      header: "Tokens",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => formatTokens(info.row.original.totals.total_tokens),
    }),
    col.accessor((group) => group.totals.rounded_amount, {
      id: "amount",
      header: "Amount",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => {
        const amount = info.row.original.totals.rounded_amount;
        return amount === null ? "—" : formatMoney(amount, currency);
      },
    }),
  ]);
}

function filterOptions(options: ExploreOptions | undefined) {
  const seen = (values: readonly string[] | undefined) => [
    ...(values ?? []).map((value) => ({ value, label: value })),
    { value: "", label: "(none)" },
  ];
  return {
    model: (options?.models ?? []).map((value) => ({ value, label: value })),
    api_key: [
      ...(options?.api_keys ?? []).map((key) => ({
        value: key.id,
        label: `${key.name} (${key.prefix})${key.revoked ? " — revoked" : ""}`,
      })),
      { value: "", label: "(none)" },
    ],
    customer: seen(options?.customers),
    agent: seen(options?.agents),
    token_type: TOKEN_TYPES.map((type) => ({ value: type, label: TOKEN_LABELS[type] })),
  } satisfies Record<FilterKey, { value: string; label: string }[]>;
}

/** `/usage`: usage over a range, bucketed, grouped and filtered; every control is in the URL. */
export function UsagePage(): ReactNode {
  const scope = useTenantScope();
  const search = useSearch({ from: "/signed-in/usage" });
  const navigate = useNavigate({ from: "/usage" });
  const trpc = useTRPC();
  const tenantId = scope.tenantId;
  const groupBy = search.group_by ?? "model";
  const granularity = search.granularity ?? "day";
  const metric = search.metric ?? "tokens";
  // Recomputed when the choice changes; "now" is the moment of the choice.
  const { range: preset, from: fromDay, to: toDay } = search;
  const { range, custom } = useMemo(
    () => exploreRange({ range: preset, from: fromDay, to: toDay }, new Date()),
    [preset, fromDay, toDay],
  );
  const from = range.from.toISOString();
  const to = range.to.toISOString();

  const update = (patch: Partial<UsageSearch>) => {
    void navigate({ search: (prev) => ({ ...prev, ...patch }) });
  };
  const setFilter = (key: FilterKey, values: string[]) => {
    update({ [key]: values.length > 0 ? values : undefined });
  };

  // Days are the tenant's (its Settings' zone, kept as fast local-day rollups) unless the URL names another zone.
  const billing = useQuery(
    trpc.tenantBilling.get.queryOptions({ tenant_id: tenantId }, { enabled: tenantId !== undefined }),
  );
  const tenantZone = billing.data?.time_zone ?? (billing.isError ? "UTC" : undefined);
  const timeZone = search.time_zone ?? tenantZone;
  const zones = [...new Set([tenantZone ?? "UTC", BROWSER_ZONE, "UTC", ...(timeZone ? [timeZone] : [])])];

  const live = { enabled: tenantId !== undefined, placeholderData: keepPreviousData, refetchInterval: 5000 };
  const exploration = useQuery(
    trpc.usageReads.explore.queryOptions(
      {
        tenant_id: tenantId,
        from,
        to,
        granularity,
        time_zone: timeZone ?? "UTC",
        group_by: groupBy,
        max_groups: 9,
        model: search.model,
        api_key: search.api_key,
        customer: search.customer,
        agent: search.agent,
        token_type: search.token_type,
      },
      { ...live, enabled: live.enabled && timeZone !== undefined },
    ),
  );
  const options = useQuery(
    trpc.usageReads.exploreOptions.queryOptions(
      { tenant_id: tenantId, from, to },
      { ...live, refetchInterval: 60_000 },
    ),
  );
  const choices = filterOptions(options.data);

  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title="Usage"
        description={
          <span data-testid="range-label">
            {formatRange(range)} · days in {timeZone ?? "…"}
          </span>
        }
      />

      <Flex direction="column" gap="3" data-testid="explore-controls">
        <Flex align="end" gap="3" wrap="wrap">
          <RangePicker
            value={custom ? undefined : (search.range ?? "30d")}
            onChange={(next) => {
              update({ range: next, from: undefined, to: undefined });
            }}
          />
          <Flex gap="2" wrap="wrap">
            <DateField
              label="From"
              value={custom ? (search.from ?? "") : from.slice(0, 10)}
              onChange={(day) => {
                update({ from: day, to: search.to ?? new Date(range.to.getTime() - 1).toISOString().slice(0, 10) });
              }}
            />
            <DateField
              label="To"
              value={custom ? (search.to ?? "") : new Date(range.to.getTime() - 1).toISOString().slice(0, 10)}
              onChange={(day) => {
                update({ to: day, from: search.from ?? from.slice(0, 10) });
              }}
            />
          </Flex>
        </Flex>
        <Flex align="center" gap="2" wrap="wrap">
          <Select.Root
            value={groupBy}
            onValueChange={(value) => {
              update({ group_by: value as UsageSearch["group_by"] });
            }}
          >
            <Select.Trigger aria-label="Group by" data-testid="explore-group-by" />
            <Select.Content>
              {EXPLORE_GROUP_BYS.map((id) => (
                <Select.Item key={id} value={id}>
                  By {GROUP_BY_PHRASES[id]}
                </Select.Item>
              ))}
            </Select.Content>
          </Select.Root>
          <Select.Root
            value={granularity}
            onValueChange={(value) => {
              update({ granularity: value === "hour" ? "hour" : "day" });
            }}
          >
            <Select.Trigger aria-label="Bucket size" data-testid="explore-granularity" />
            <Select.Content>
              <Select.Item value="day">Daily</Select.Item>
              <Select.Item value="hour">Hourly</Select.Item>
            </Select.Content>
          </Select.Root>
          <Select.Root
            value={timeZone ?? ""}
            onValueChange={(value) => {
              update({ time_zone: value === tenantZone ? undefined : value });
            }}
          >
            <Select.Trigger aria-label="Days in time zone" data-testid="explore-time-zone" />
            <Select.Content>
              {zones.map((zone) => (
                <Select.Item key={zone} value={zone}>
                  {zone === tenantZone ? `${zone} (tenant)` : zone}
                </Select.Item>
              ))}
            </Select.Content>
          </Select.Root>
          <SegmentedControl.Root
            value={metric}
            onValueChange={(value) => {
              update({ metric: value === "amount" ? "amount" : "tokens" });
            }}
            aria-label="Metric"
            size="1"
          >
            <SegmentedControl.Item value="tokens">Tokens</SegmentedControl.Item>
            <SegmentedControl.Item value="amount">Amount</SegmentedControl.Item>
          </SegmentedControl.Root>
        </Flex>
        <Flex align="center" gap="2" wrap="wrap" role="group" aria-label="Filters">
          <MultiSelectFilter
            label="Model"
            options={choices.model}
            selected={search.model ?? []}
            onChange={(values) => {
              setFilter("model", values);
            }}
            testId="filter-model"
          />
          <MultiSelectFilter
            label="API key"
            options={choices.api_key}
            selected={search.api_key ?? []}
            onChange={(values) => {
              setFilter("api_key", values);
            }}
            testId="filter-api-key"
          />
          <MultiSelectFilter
            label="Customer"
            options={choices.customer}
            selected={search.customer ?? []}
            onChange={(values) => {
              setFilter("customer", values);
            }}
            testId="filter-customer"
          />
          <MultiSelectFilter
            label="Agent"
            options={choices.agent}
            selected={search.agent ?? []}
            onChange={(values) => {
              setFilter("agent", values);
            }}
            testId="filter-agent"
          />
          <MultiSelectFilter
            label="Token type"
            options={choices.token_type}
            selected={search.token_type ?? []}
            onChange={(values) => {
              update({
                token_type: values.length > 0 ? values.filter((v): v is TokenType => isTokenType(v)) : undefined,
              });
            }}
            testId="filter-token-type"
          />
        </Flex>
      </Flex>

      {tenantId === undefined && !scope.isOperator ? (
        <ErrorState message="Your account is not linked to a tenant. Ask an operator to fix it." />
      ) : tenantId === undefined ? (
        <PickTenantFirst />
      ) : exploration.isPending ? (
        <Loading label="Loading usage…" />
      ) : exploration.isError ? (
        <ErrorState message={errorMessage(exploration.error)} onRetry={() => void exploration.refetch()} />
      ) : (
        <Explored exploration={exploration.data} metric={metric} groupBy={groupBy} />
      )}
    </Flex>
  );
}

function isTokenType(value: string): value is TokenType {
  return (TOKEN_TYPES as readonly string[]).includes(value);
}

function DateField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (day: string) => void;
}): ReactNode {
  return (
    <Flex direction="column" gap="1">
      <Text as="label" size="1" color="gray">
        {label}
        <TextField.Root
          type="date"
          size="2"
          value={value}
          onChange={(event) => {
            if (event.target.value !== "") onChange(event.target.value);
          }}
          data-testid={`explore-${label.toLowerCase()}`}
        />
      </Text>
    </Flex>
  );
}

function Explored({
  exploration,
  metric,
  groupBy,
}: {
  exploration: UsageExploration;
  metric: "tokens" | "amount";
  groupBy: NonNullable<UsageSearch["group_by"]>;
}): ReactNode {
  const columns = useMemo(() => groupColumns(groupBy, exploration.currency), [groupBy, exploration.currency]);
  const { total, currency } = exploration;
  return (
    <>
      <Flex gap="3" wrap="wrap">
        <Card className="explore-total">
          <Text as="div" size="2" color="gray">
            Tokens
          </Text>
          <Text as="div" size="6" weight="bold" data-testid="explore-total-tokens">
            {formatTokens(total.total_tokens)}
          </Text>
        </Card>
        <Card className="explore-total">
          <Text as="div" size="2" color="gray">
            Amount
          </Text>
          <Text as="div" size="6" weight="bold" data-testid="explore-total-amount">
            {total.rounded_amount === null ? "—" : formatMoney(total.rounded_amount, currency)}
          </Text>
        </Card>
      </Flex>
      {total.total_tokens === "0" ? (
        <Empty title="No usage matches.">Pick a longer period or fewer filters.</Empty>
      ) : (
        <>
          <Card>
            <Heading as="h2" size="3" mb="2">
              {metric === "tokens" ? "Tokens" : `Amount (${currency})`} by {GROUP_BY_PHRASES[groupBy]}
            </Heading>
            <ExploreChart exploration={exploration} metric={metric} />
          </Card>
          <Flex direction="column" gap="2">
            <Flex align="center" justify="between" wrap="wrap" gap="2">
              <Heading as="h2" size="3">
                Groups
              </Heading>
              <Button
                variant="soft"
                size="1"
                data-testid="download-explore-csv"
                onClick={() => {
                  downloadText(
                    `tollgate-usage-by-${groupBy}-${exploration.from.slice(0, 10)}-${exploration.to.slice(0, 10)}.csv`,
                    exploreGroupsCsv(groupBy, exploration.groups, total, currency),
                    "text/csv",
                  );
                }}
              >
                <Download size={12} aria-hidden="true" /> Download CSV
              </Button>
            </Flex>
            <DataTable
              data={exploration.groups}
              columns={columns}
              label={`Usage by ${GROUP_BY_PHRASES[groupBy]}`}
              getRowId={(group) => `${group.kind}:${group.key ?? ""}`}
              testId="explore-table"
            />
            {exploration.merged_groups > 0 && (
              <Text size="1" color="gray">
                The smallest {exploration.merged_groups.toString()} groups are merged into “Other”.
              </Text>
            )}
          </Flex>
        </>
      )}
    </>
  );
}

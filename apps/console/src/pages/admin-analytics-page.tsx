import { Flex, Grid, Select, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { AnalyticsMarginTable } from "../components/analytics-margin-table.tsx";
import { AnalyticsProviderShare } from "../components/analytics-provider-share.tsx";
import { AnalyticsSection } from "../components/analytics-section.tsx";
import { TopAgentsTable, TopTenantsTable, UnratedTable } from "../components/analytics-top-tables.tsx";
import { AnalyticsWeeklyChart } from "../components/analytics-weekly-chart.tsx";
import { DateTime } from "../components/date-time.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { ANALYTICS_CURRENCIES, DEFAULT_ANALYTICS_WEEKS } from "../lib/analytics-views.ts";
import { ANALYTICS_MARGIN_GROUPS, ANALYTICS_WEEK_CHOICES, type AnalyticsSearch } from "../lib/search-params.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";

/** `/admin/analytics?weeks=&currency=&margin_by=`: every tenant's usage, revenue and margin, for operators. */
export function AdminAnalyticsPage(): ReactNode {
  const user = useSignedInUser();
  const search = useSearch({ from: "/signed-in/admin/analytics" });
  if (user.role !== "operator") return <OperatorsOnly />;
  return <AnalyticsViews search={search} />;
}

function AnalyticsViews({ search }: { search: AnalyticsSearch }): ReactNode {
  const trpc = useTRPC();
  const weeks = search.weeks ?? DEFAULT_ANALYTICS_WEEKS;
  const currency = search.currency ?? "USD";
  const by = search.margin_by ?? "model";
  const tokens = useQuery(trpc.analytics.tokensByModel.queryOptions({ weeks, models: 5 }));
  const providers = useQuery(trpc.analytics.providerShare.queryOptions({ weeks, currency }));
  const tenants = useQuery(trpc.analytics.topTenants.queryOptions({ weeks, currency, limit: 10 }));
  const agents = useQuery(trpc.analytics.topAgents.queryOptions({ weeks, currency, limit: 10 }));
  const margin = useQuery(trpc.analytics.margin.queryOptions({ weeks, currency, by }));
  const unrated = useQuery(trpc.analytics.unrated.queryOptions({ weeks }));
  const asOf = tokens.data?.as_of ?? null;
  const window = `the last ${weeks.toString()} UTC weeks`;

  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title="Analytics"
        description={
          <span data-testid="analytics-as-of">
            Every tenant, {window}, as of <DateTime iso={asOf} /> (the worker refreshes these about every minute).
          </span>
        }
      >
        <AnalyticsFilters weeks={weeks} currency={currency} />
      </PageHeader>
      <AnalyticsSection
        title="Tokens by model per week"
        description="All token types of every tenant; the top 5 models of the window apart, the rest as other."
        query={tokens}
        isEmpty={(data) => data.top_models.length === 0}
        emptyTitle="No tokens in this window"
        testId="analytics-tokens"
      >
        {(data) => <AnalyticsWeeklyChart report={data} />}
      </AnalyticsSection>
      <Grid columns={{ initial: "1", lg: "2" }} gap="4">
        <AnalyticsSection
          title="Share by provider"
          description={`Share of all tokens; revenue of the tenants billed in ${currency}.`}
          query={providers}
          isEmpty={(data) => data.providers.length === 0}
          emptyTitle="No tokens in this window"
          testId="analytics-providers"
        >
          {(data) => <AnalyticsProviderShare report={data} />}
        </AnalyticsSection>
        <AnalyticsSection
          title="Top tenants"
          description={`The tenants billed in ${currency} with the most revenue.`}
          query={tenants}
          isEmpty={(data) => data.tenants.length === 0}
          emptyTitle={`No tenant billed in ${currency} used anything`}
          testId="analytics-tenants"
        >
          {(data) => <TopTenantsTable report={data} />}
        </AnalyticsSection>
        <AnalyticsSection
          title="Top agents"
          description="Agents by name across tenants, most tokens first."
          query={agents}
          isEmpty={(data) => data.agents.length === 0}
          emptyTitle="No events named an agent"
          testId="analytics-agents"
        >
          {(data) => <TopAgentsTable report={data} />}
        </AnalyticsSection>
        <AnalyticsSection
          title="Unrated volume"
          description="Events stored without a price, by model: used but not billed."
          query={unrated}
          isEmpty={(data) => data.models.length === 0}
          emptyTitle="Every event was rated"
          testId="analytics-unrated-section"
        >
          {(data) => <UnratedTable report={data} />}
        </AnalyticsSection>
      </Grid>
      <AnalyticsSection
        title={`Margin by ${by}`}
        description={`Revenue of the tenants billed in ${currency} against the provider cost of the same usage (USD, from the provider cost rates in force at each event).`}
        query={margin}
        isEmpty={(data) => data.rows.length === 0}
        emptyTitle={`No revenue in ${currency}`}
        testId="analytics-margin-section"
      >
        {(data) => (
          <Flex direction="column" gap="3">
            <MarginGroupPicker by={by} />
            <AnalyticsMarginTable report={data} />
          </Flex>
        )}
      </AnalyticsSection>
    </Flex>
  );
}

function AnalyticsFilters({ weeks, currency }: { weeks: number; currency: string }): ReactNode {
  const navigate = useNavigate({ from: "/admin/analytics" });
  const weekChoices: number[] = ANALYTICS_WEEK_CHOICES.includes(weeks as (typeof ANALYTICS_WEEK_CHOICES)[number])
    ? [...ANALYTICS_WEEK_CHOICES]
    : [...ANALYTICS_WEEK_CHOICES, weeks].sort((a, b) => a - b);
  const currencies: string[] = ANALYTICS_CURRENCIES.includes(currency as (typeof ANALYTICS_CURRENCIES)[number])
    ? [...ANALYTICS_CURRENCIES]
    : [...ANALYTICS_CURRENCIES, currency];
  return (
    <Flex gap="2" align="center" wrap="wrap">
      <Select.Root
        value={weeks.toString()}
        onValueChange={(value) => {
          void navigate({ search: (prev) => ({ ...prev, weeks: Number(value) }) });
        }}
      >
        <Select.Trigger aria-label="Weeks" data-testid="analytics-weeks" />
        <Select.Content>
          {weekChoices.map((choice) => (
            <Select.Item key={choice} value={choice.toString()}>
              Last {choice.toString()} weeks
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
      <Select.Root
        value={currency}
        onValueChange={(value) => {
          void navigate({ search: (prev) => ({ ...prev, currency: value }) });
        }}
      >
        <Select.Trigger aria-label="Revenue currency" data-testid="analytics-currency" />
        <Select.Content>
          {currencies.map((code) => (
            <Select.Item key={code} value={code}>
              {code}
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
    </Flex>
  );
}

function MarginGroupPicker({ by }: { by: "model" | "provider" }): ReactNode {
  const navigate = useNavigate({ from: "/admin/analytics" });
  return (
    <Flex align="center" gap="2">
      <Text size="2" as="label" id="margin-by-label">
        Per
      </Text>
      <Select.Root
        value={by}
        onValueChange={(value) => {
          void navigate({ search: (prev) => ({ ...prev, margin_by: value === "provider" ? "provider" : "model" }) });
        }}
      >
        <Select.Trigger aria-labelledby="margin-by-label" data-testid="analytics-margin-by" />
        <Select.Content>
          {ANALYTICS_MARGIN_GROUPS.map((group) => (
            <Select.Item key={group} value={group}>
              {group}
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
    </Flex>
  );
}

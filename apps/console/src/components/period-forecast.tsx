import { Card, Flex, Grid, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { creditOutlook } from "../lib/credit-views.ts";
import { formatPeriod } from "../lib/dates.ts";
import { formatMoney } from "../lib/format.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ErrorState, Loading } from "./async-state.tsx";
import { DateTime } from "./date-time.tsx";

/**
 * The billing period at a glance: spent so far, where it is heading (a range, with the method said), the upcoming
 * invoice's total, and how long the credit lasts at the current rate.
 */
export function PeriodForecast({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const live = { refetchInterval: 30_000 };
  const forecast = useQuery(trpc.usageReads.forecast.queryOptions({ tenant_id: tenantId }, live));
  const upcoming = useQuery(trpc.invoices.upcoming.queryOptions({ tenant_id: tenantId }, live));

  if (forecast.isPending) return <Loading label="Loading this period…" />;
  if (forecast.isError) {
    return <ErrorState error={forecast.error} onRetry={() => void forecast.refetch()} />;
  }
  const data = forecast.data;
  const currency = data.currency;
  const draft = upcoming.data?.invoices.find((invoice) => invoice.currency === currency);
  const outlook = creditOutlook(data.credit.balance, data.credit.depletes_at);
  return (
    <Flex direction="column" gap="2">
      <Text size="2" color="gray">
        This billing period · {formatPeriod(data.period_start, data.period_end)} (UTC)
      </Text>
      <Grid columns={{ initial: "1", xs: "2", lg: "4" }} gap="3">
        <Card>
          <Text as="p" size="2" color="gray">
            Spent so far
          </Text>
          <Text as="p" size="6" weight="bold" data-testid="spent-so-far">
            {formatMoney(data.spent_so_far, currency)}
          </Text>
          <Text as="p" size="1" color="gray">
            Usage before credits and tax
          </Text>
        </Card>
        <Card>
          <Text as="p" size="2" color="gray">
            Projected for the period
          </Text>
          <Text as="p" size="6" weight="bold" data-testid="projected-total">
            {formatMoney(data.projected_total.expected, currency)}
          </Text>
          <Text as="p" size="1" color="gray" data-testid="projected-range">
            {data.run_rate.based_on_days === 0
              ? "No full day of usage yet to project from."
              : `Likely ${formatMoney(data.projected_total.low, currency)} – ${formatMoney(data.projected_total.high, currency)}: ` +
                `${formatMoney(data.run_rate.daily_average, currency)}/day over the last ` +
                `${data.run_rate.based_on_days.toString()} full days.`}
          </Text>
        </Card>
        <Card>
          <Text as="p" size="2" color="gray">
            Upcoming invoice
          </Text>
          <Text as="p" size="6" weight="bold" data-testid="upcoming-invoice-total">
            {draft ? formatMoney(draft.total, currency) : upcoming.isPending ? "…" : formatMoney("0", currency)}
          </Text>
          <Text as="p" size="1" color="gray" data-testid="upcoming-invoice-credits">
            {draft
              ? `Credits ${formatMoney(draft.credits_applied, currency)} · tax ${formatMoney(draft.tax, currency)}, so far`
              : "After credits and tax, so far"}
          </Text>
        </Card>
        <Card>
          <Text as="p" size="2" color="gray">
            Credit balance
          </Text>
          <Text as="p" size="6" weight="bold" data-testid="credit-balance">
            {formatMoney(data.credit.balance, currency)}
          </Text>
          <Text as="p" size="1" color="gray" data-testid="credit-depletion">
            {outlook.kind === "none" ? (
              "No credit balance"
            ) : outlook.kind === "depletes" ? (
              <>
                Runs out around <DateTime iso={outlook.at} dateOnly /> at the current rate
              </>
            ) : (
              "Not being used up at the current rate"
            )}
          </Text>
        </Card>
      </Grid>
      {/* The api's own wording of how the projection is made: a range means little without it. */}
      <Text as="p" size="1" color="gray" data-testid="projected-method">
        How the projection is made: {data.method}.
      </Text>
    </Flex>
  );
}

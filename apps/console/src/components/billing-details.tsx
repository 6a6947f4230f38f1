import { Badge, Card, DataList, Flex, Heading, Separator, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { formatPeriod } from "../lib/dates.ts";
import { formatRate } from "../lib/format.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ErrorState, Loading } from "./async-state.tsx";
import { anchorSummary } from "./billing-anchor-setting.tsx";
import { DateTime } from "./date-time.tsx";
import { TimeZoneForm } from "./time-zone-form.tsx";
import { LowCreditAlertForm } from "./low-credit-alert-form.tsx";

function plural(count: number, unit: string): string {
  return `${count.toString()} ${unit}${count === 1 ? "" : "s"}`;
}

/**
 * How the tenant is billed, read-only (operators set these), and the low-credit alert its admins set; viewers and
 * operators looking at the tenant see the alert setting as text.
 */
export function BillingDetails({ tenantId, canWrite }: { tenantId: string; canWrite: boolean }): ReactNode {
  const trpc = useTRPC();
  const details = useQuery(trpc.tenantBilling.get.queryOptions({ tenant_id: tenantId }));

  return (
    <Card>
      <Heading as="h2" size="3" mb="3">
        Billing
      </Heading>
      {details.isPending ? (
        <Loading label="Loading billing details…" />
      ) : details.isError ? (
        <ErrorState error={details.error} onRetry={() => void details.refetch()} />
      ) : (
        <Flex direction="column" gap="4">
          <DataList.Root orientation={{ initial: "vertical", sm: "horizontal" }} data-testid="billing-details">
            <DataList.Item>
              <DataList.Label>Plan</DataList.Label>
              <DataList.Value>
                {details.data.plan ? (
                  <Text>
                    {details.data.plan.name} (version {details.data.plan.version.toString()}), since{" "}
                    <DateTime iso={details.data.plan.since} dateOnly billingDay />
                  </Text>
                ) : (
                  "No subscription"
                )}
              </DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Current period</DataList.Label>
              <DataList.Value>
                {formatPeriod(details.data.current_period.start, details.data.current_period.end)} (UTC)
              </DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Billing anchor day</DataList.Label>
              <DataList.Value data-testid="billing-anchor-summary">{anchorSummary(details.data)}</DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Currency</DataList.Label>
              <DataList.Value>{details.data.currency}</DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Tax rate</DataList.Label>
              <DataList.Value>{formatRate(details.data.tax_rate)}</DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Payment terms</DataList.Label>
              <DataList.Value>{plural(details.data.payment_terms_days, "day")} after the invoice</DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Invoice grace</DataList.Label>
              <DataList.Value>
                Invoices are finalized {plural(details.data.invoice_grace_hours, "hour")} after the period ends
              </DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Payment</DataList.Label>
              <DataList.Value>
                {details.data.prepaid ? (
                  <Badge color="blue">Prepaid: usage is covered by credit</Badge>
                ) : (
                  <Badge color="gray">Invoiced after each period</Badge>
                )}
              </DataList.Value>
            </DataList.Item>
            {!canWrite && (
              <DataList.Item>
                <DataList.Label>Time zone</DataList.Label>
                <DataList.Value data-testid="time-zone-setting">{details.data.time_zone}</DataList.Value>
              </DataList.Item>
            )}
            {!canWrite && (
              <DataList.Item>
                <DataList.Label>Low-credit alert</DataList.Label>
                <DataList.Value data-testid="low-credit-setting">
                  {details.data.low_credit_alert_days === null
                    ? "Off"
                    : `${plural(details.data.low_credit_alert_days, "day")} before credit is projected to run out`}
                </DataList.Value>
              </DataList.Item>
            )}
          </DataList.Root>
          <Text size="1" color="gray">
            These are set by your Tollgate operator; ask them to change any.
          </Text>
          {canWrite && (
            <>
              <Separator size="4" />
              <LowCreditAlertForm tenantId={tenantId} days={details.data.low_credit_alert_days} />
              <Separator size="4" />
              <TimeZoneForm tenantId={tenantId} timeZone={details.data.time_zone} />
            </>
          )}
        </Flex>
      )}
    </Card>
  );
}

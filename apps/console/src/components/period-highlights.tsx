import { Grid } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTRPC } from "../lib/trpc.ts";
import { PeriodTopUsage } from "./period-top-usage.tsx";
import { RecentAlerts } from "./recent-alerts.tsx";

/**
 * Under the period's numbers: where its spend went (top models, API keys and agents this billing period, one
 * explorer read each) and the newest alerts. The period comes from the forecast query PeriodForecast already made (same key: no second request).
 */
export function PeriodHighlights({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const forecast = useQuery(
    trpc.usageReads.forecast.queryOptions({ tenant_id: tenantId }, { refetchInterval: 30_000 }),
  );
  const periodStart = forecast.data?.period_start;
  return (
    <Grid columns={{ initial: "1", sm: "2", xl: "4" }} gap="3">
      {periodStart !== undefined && (
        <>
          <PeriodTopUsage tenantId={tenantId} periodStart={periodStart} groupBy="model" title="Top models" />
          <PeriodTopUsage tenantId={tenantId} periodStart={periodStart} groupBy="api_key" title="Top API keys" />
          <PeriodTopUsage tenantId={tenantId} periodStart={periodStart} groupBy="agent" title="Top agents" />
        </>
      )}
      <RecentAlerts tenantId={tenantId} />
    </Grid>
  );
}

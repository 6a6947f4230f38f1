import { Badge, Card, Flex, Grid, Progress, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { RUN_STATUS_COLORS, RUN_STATUS_LABELS, runProgress, type BillingRun } from "../lib/billing-run-views.ts";
import { DateTime } from "./date-time.tsx";

/** A billing run's progress: its status, a bar of the tenants done (red once any failed) and the counts. */
export function BillingRunProgress({ run }: { run: BillingRun }): ReactNode {
  const pending = run.tenants_total - run.closed - run.failed;
  return (
    <Card data-testid="billing-run-progress">
      <Flex direction="column" gap="3">
        <Flex align="center" justify="between" gap="3" wrap="wrap">
          <Badge highContrast size="2" color={RUN_STATUS_COLORS[run.status]} data-testid="billing-run-status">
            {RUN_STATUS_LABELS[run.status]}
          </Badge>
          <Text size="2" color="gray">
            {run.finished_at ? (
              <>
                Finished <DateTime iso={run.finished_at} />
              </>
            ) : (
              "Updating every second"
            )}
          </Text>
        </Flex>
        <Progress
          value={runProgress(run)}
          aria-label="Tenants done"
          size="3"
          color={run.failed > 0 ? "red" : undefined}
        />
        <Grid columns={{ initial: "2", sm: "4" }} gap="3">
          <Stat label="Tenants" value={run.tenants_total} testId="run-total" />
          <Stat label="Closed" value={run.closed} testId="run-closed" />
          <Stat label="Failed" value={run.failed} testId="run-failed" />
          <Stat label="Pending" value={pending} testId="run-pending" />
        </Grid>
      </Flex>
    </Card>
  );
}

function Stat({ label, value, testId }: { label: string; value: number; testId: string }): ReactNode {
  return (
    <Flex direction="column">
      <Text size="1" color="gray">
        {label}
      </Text>
      <Text size="5" weight="bold" data-testid={testId}>
        {value}
      </Text>
    </Flex>
  );
}

import { Badge, Button, Card, Callout, Flex, Grid, Progress, Text } from "@radix-ui/themes";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams, useSearch } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { Loading } from "../components/async-state.tsx";
import { MainEntityError } from "../components/main-entity-error.tsx";
import { ConfirmDialog } from "../components/confirm-dialog.tsx";
import { DateTime } from "../components/date-time.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { SimulationResults } from "../components/simulation-results.tsx";
import { errorMessage } from "../lib/error-message.ts";
import { formatGrowth, formatMoney, formatTokens } from "../lib/format.ts";
import {
  changeRatio,
  isRunning,
  progressPercent,
  scopeLabel,
  tenantCount,
  type Simulation,
} from "../lib/simulation-views.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialog } from "../lib/use-dialog.ts";

const POLL_MS = 1000;

/** `/admin/simulations/$simulationId`: progress while it runs, then totals, per-tenant results, publish and migrate. */
export function SimulationPage(): ReactNode {
  const user = useSignedInUser();
  const { simulationId } = useParams({ from: "/signed-in/admin/simulations/$simulationId" });
  const { sort, dir } = useSearch({ from: "/signed-in/admin/simulations/$simulationId" });
  const trpc = useTRPC();
  const simulation = useQuery({
    ...trpc.planSimulations.get.queryOptions({ simulationId }),
    enabled: user.role === "operator",
    // Polls only while the job runs.
    refetchInterval: (query) => (query.state.data && isRunning(query.state.data) ? POLL_MS : false),
  });
  if (user.role !== "operator") return <OperatorsOnly />;
  if (simulation.isPending) return <Loading label="Loading simulation…" />;
  if (simulation.isError) {
    return <MainEntityError error={simulation.error} onRetry={() => void simulation.refetch()} />;
  }
  const data = simulation.data;
  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title={`Simulation of ${data.plan_name} v${data.version.toString()}`}
        description={
          <>
            {scopeLabel(data)}, usage from <DateTime iso={data.window_from} billingDay /> to{" "}
            <DateTime iso={data.window_to} billingDay />. Each side gross, the credit it would have used, and net.
          </>
        }
      >
        <Link to="/admin/simulations">All simulations</Link>
        {data.status === "succeeded" && <PublishAndMigrate simulation={data} />}
      </PageHeader>
      <Status simulation={data} />
      {!isRunning(data) && data.status === "succeeded" && <Totals simulation={data} />}
      <SimulationResults simulation={data} sort={sort ?? "difference"} dir={dir ?? "desc"} />
    </Flex>
  );
}

function Status({ simulation }: { simulation: Simulation }): ReactNode {
  const done = simulation.tenants_done.toString();
  const total = simulation.tenants_total === null ? "… tenants" : tenantCount(simulation.tenants_total);
  if (simulation.status === "failed") {
    return (
      <Callout.Root color="red" highContrast role="alert">
        <Callout.Text>The simulation failed: {simulation.error ?? "unknown error"}</Callout.Text>
      </Callout.Root>
    );
  }
  return (
    <Card>
      <Flex direction="column" gap="2">
        <Flex justify="between" wrap="wrap" gap="2">
          <Text weight="medium" data-testid="simulation-status">
            {simulation.status === "succeeded" ? "Finished" : simulation.status === "queued" ? "Queued" : "Running"}
          </Text>
          <Text color="gray" data-testid="simulation-progress-text">
            {done} of {total}
          </Text>
        </Flex>
        <Progress
          value={progressPercent(simulation)}
          aria-label="Tenants simulated"
          data-testid="simulation-progress"
        />
        {simulation.published_at !== null && (
          <Badge color="green" highContrast>
            Published and migrated <DateTime iso={simulation.published_at} />
          </Badge>
        )}
      </Flex>
    </Card>
  );
}

function Totals({ simulation }: { simulation: Simulation }): ReactNode {
  const { totals, currency } = simulation;
  const ratio = changeRatio(totals.before, totals.difference);
  // Three rows: gross, credits, net; the columns are before, after and their difference.
  const cards: [string, string, string][] = [
    ["Before (ledger)", formatMoney(totals.before, currency), "total-before"],
    ["After (draft)", formatMoney(totals.after, currency), "total-after"],
    ["Difference", formatMoney(totals.difference, currency), "total-difference"],
    ["Credits before", formatMoney(totals.before_credits, currency), "total-before-credits"],
    ["Credits after", formatMoney(totals.after_credits, currency), "total-after-credits"],
    ["Change", ratio === null ? "—" : formatGrowth(ratio), "total-change"],
    ["Net before", formatMoney(totals.before_net, currency), "total-before-net"],
    ["Net after", formatMoney(totals.after_net, currency), "total-after-net"],
    ["Net difference", formatMoney(totals.net_difference, currency), "total-net-difference"],
  ];
  return (
    <Flex direction="column" gap="2">
      <Grid columns="3" gap={{ initial: "2", sm: "3" }}>
        {cards.map(([label, value, testId]) => (
          <Card key={label}>
            <Text as="div" size="2" color="gray">
              {label}
            </Text>
            <Text as="div" size={{ initial: "3", sm: "5" }} weight="bold" data-testid={testId}>
              {value}
            </Text>
          </Card>
        ))}
      </Grid>
      <Text size="1" color="gray">
        {formatTokens(totals.events)} events, {formatTokens(totals.tokens)} tokens.
        {totals.unrated_after !== "0" &&
          ` ${formatTokens(totals.unrated_after)} events have no price under the draft and are not in After.`}{" "}
        Both sides are usage charges plus the minimum-commitment true-up of each billing period wholly inside the
        window. Credits: each side pays its usage charges, event by event in time order, from the tenant&apos;s credit
        grants as they stood when the window began, in the order recording uses them (priority, earliest expiry,
        oldest); a grant pays only usage between its grant and its expiry or voiding, grants granted after the window
        are ignored, and no real balance changes.
      </Text>
    </Flex>
  );
}

function PublishAndMigrate({ simulation }: { simulation: Simulation }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useDialog();
  const tenants = simulation.tenants_done;
  const publish = useMutation(
    trpc.planSimulations.publishAndMigrate.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries(trpc.planSimulations.pathFilter());
      },
    }),
  );
  if (simulation.published_at !== null || simulation.version_status !== "draft") return null;
  return (
    <ConfirmDialog
      {...dialog.bind(publish)}
      trigger={
        <Button data-testid="simulation-publish">
          Publish and migrate {tenants === 1 ? "this tenant" : `these ${tenantCount(tenants)}`}
        </Button>
      }
      title={`Publish v${simulation.version.toString()} and migrate ${tenantCount(tenants)}?`}
      description={`The draft becomes an immutable published version of ${simulation.plan_name}, and the simulated ${tenantCount(tenants)} move to it now (or at its effective date), in one step.`}
      action="Publish and migrate"
      color="accent"
      pending={publish.isPending}
      error={publish.isError ? errorMessage(publish.error) : null}
      onConfirm={() => {
        publish.mutate({ simulationId: simulation.id, confirm_tenants: tenants });
      }}
      testId="simulation-publish"
    />
  );
}

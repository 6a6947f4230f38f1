import { Card, Code, Flex, Heading, Link as RadixLink, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { CreatePlanDialog } from "../components/create-plan-dialog.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PlanVersionsTable } from "../components/plan-versions-table.tsx";
import type { PlanWithVersions } from "../lib/plan-views.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";

/** `/admin/plans`: every pricing tier (plan) with its versions, and "New plan". */
export function AdminPlansPage(): ReactNode {
  const user = useSignedInUser();
  if (user.role !== "operator") return <OperatorsOnly />;
  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title="Pricing tiers"
        description="Plans and their price versions. A tenant subscribes to a published version; change prices by copying one into a draft."
      >
        <CreatePlanDialog />
      </PageHeader>
      <PlanList />
    </Flex>
  );
}

function PlanList(): ReactNode {
  const trpc = useTRPC();
  const plans = useQuery(trpc.plans.list.queryOptions({}));
  if (plans.isPending) return <Loading label="Loading plans…" />;
  if (plans.isError) return <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />;
  if (plans.data.plans.length === 0) {
    return <Empty title="No plans yet.">Create one with “New plan”, then add its first version.</Empty>;
  }
  return (
    <Flex direction="column" gap="4" data-testid="plan-list">
      {plans.data.plans.map((plan) => (
        <PlanCard key={plan.id} plan={plan} />
      ))}
    </Flex>
  );
}

function PlanCard({ plan }: { plan: PlanWithVersions }): ReactNode {
  return (
    <Card data-testid="plan-card">
      <Flex direction="column" gap="3">
        <Flex direction="column" gap="1">
          <Flex gap="2" align="baseline" wrap="wrap">
            <Heading as="h2" size="4">
              <RadixLink asChild>
                <Link to="/admin/plans/$planId" params={{ planId: plan.id }} data-testid="plan-link">
                  {plan.name}
                </Link>
              </RadixLink>
            </Heading>
            <Code variant="ghost" color="gray">
              {plan.code}
            </Code>
          </Flex>
          {plan.description !== "" && (
            <Text size="2" color="gray">
              {plan.description}
            </Text>
          )}
        </Flex>
        {plan.versions.length === 0 ? (
          <Text size="2" color="gray">
            No versions yet: open the plan to add its first draft.
          </Text>
        ) : (
          <PlanVersionsTable planId={plan.id} versions={plan.versions} label={`Versions of ${plan.name}`} />
        )}
      </Flex>
    </Card>
  );
}

import { Code, Flex, Link as RadixLink } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { useCallback, type ReactNode } from "react";
import { Empty, Loading } from "../components/async-state.tsx";
import { MainEntityError } from "../components/main-entity-error.tsx";
import { CompareVersions } from "../components/compare-versions.tsx";
import { NewDraftButton } from "../components/new-draft-button.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PlanVersionActions } from "../components/plan-version-actions.tsx";
import { PlanVersionsTable } from "../components/plan-versions-table.tsx";
import type { PlanVersion } from "../lib/plan-views.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";

/** `/admin/plans/$planId`: one plan's versions with their lifecycle actions, and a comparison of two of them. */
export function AdminPlanPage(): ReactNode {
  const user = useSignedInUser();
  return (
    <Flex direction="column" gap="4">
      <RadixLink asChild size="2">
        <Link to="/admin/plans">← All pricing tiers</Link>
      </RadixLink>
      {user.role === "operator" ? <PlanDetail /> : <OperatorsOnly />}
    </Flex>
  );
}

function PlanDetail(): ReactNode {
  const { planId } = useParams({ from: "/signed-in/admin/plans/$planId" });
  const trpc = useTRPC();
  const plan = useQuery(trpc.plans.get.queryOptions({ planId }));
  const actions = useCallback(
    (version: PlanVersion) => <PlanVersionActions planId={planId} version={version} />,
    [planId],
  );
  if (plan.isPending) return <Loading label="Loading the plan…" />;
  if (plan.isError) return <MainEntityError error={plan.error} onRetry={() => void plan.refetch()} />;
  const { versions } = plan.data;
  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title={plan.data.name}
        description={
          <>
            <Code variant="ghost">{plan.data.code}</Code>
            {plan.data.description === "" ? null : ` · ${plan.data.description}`}
          </>
        }
      >
        <NewDraftButton planId={planId} currency={versions[0]?.currency ?? "USD"} />
      </PageHeader>
      {versions.length === 0 ? (
        <Empty title="No versions yet.">
          Add the first with “New draft”, set its rates in the editor, then publish it.
        </Empty>
      ) : (
        <>
          <PlanVersionsTable planId={planId} versions={versions} actions={actions} label="Versions" />
          <CompareVersions planId={planId} versions={versions} />
        </>
      )}
    </Flex>
  );
}

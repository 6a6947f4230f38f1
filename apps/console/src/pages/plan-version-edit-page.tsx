import { Callout, Flex } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "@tanstack/react-router";
import { Lock } from "lucide-react";
import type { ReactNode } from "react";
import { ErrorState, Loading } from "../components/async-state.tsx";
import { MainEntityError } from "../components/main-entity-error.tsx";
import { DateTime } from "../components/date-time.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PlanVersionEditor } from "../components/plan-editor/plan-version-editor.tsx";
import { useCatalogModels } from "../components/plan-editor/use-catalog-models.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";

const ROUTE = "/signed-in/admin/plans/$planId/versions/$versionId/edit";

/** `/admin/plans/:planId/versions/:versionId/edit`: a draft's rates and pricing document (operators only). */
export function PlanVersionEditPage(): ReactNode {
  const user = useSignedInUser();
  if (user.role !== "operator") return <OperatorsOnly />;
  return <EditPage />;
}

function EditPage(): ReactNode {
  const { planId, versionId } = useParams({ from: ROUTE });
  const trpc = useTRPC();
  const version = useQuery(trpc.planVersions.get.queryOptions({ planId, versionId }));
  const models = useCatalogModels();

  if (version.isPending || models.isPending) return <Loading label="Loading the version and the catalog…" />;
  if (version.isError) return <MainEntityError error={version.error} onRetry={() => void version.refetch()} />;
  if (models.isError) {
    return (
      <ErrorState
        error={models.error}
        onRetry={() => {
          void models.refetch();
        }}
      />
    );
  }
  const data = version.data;
  const title = `Edit version ${data.version.toString()}`;
  if (data.status !== "draft") {
    return (
      <Flex direction="column" gap="4">
        <PageHeader title={title} description={`This version is ${data.status}.`} />
        <Callout.Root color="amber" highContrast role="status" data-testid="version-immutable">
          <Callout.Icon>
            <Lock size={16} aria-hidden="true" />
          </Callout.Icon>
          {data.status === "archived" ? (
            <Callout.Text>
              Archived versions are immutable and take no new subscriptions — copy to a draft to change its prices
              (archived {data.archived_at ? <DateTime iso={data.archived_at} /> : "earlier"}).
            </Callout.Text>
          ) : (
            <Callout.Text>
              Published versions are immutable — copy to a draft to change its prices (published{" "}
              {data.published_at ? <DateTime iso={data.published_at} /> : "earlier"}).
            </Callout.Text>
          )}
        </Callout.Root>
      </Flex>
    );
  }
  return <PlanVersionEditor key={data.id} version={data} models={models.data} title={title} />;
}

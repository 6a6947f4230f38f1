import { Badge, Button, Card, Flex, Grid, Heading, Link as RadixLink, SegmentedControl, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { ArrowLeftRight } from "lucide-react";
import type { ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { MainEntityError } from "../components/main-entity-error.tsx";
import { DateTime } from "../components/date-time.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { FieldDiffTable, RateDiffTable } from "../components/plan-diff-tables.tsx";
import { PlanVersionBadge } from "../components/plan-version-badge.tsx";
import { VersionPicker } from "../components/version-picker.tsx";
import { formatTokens } from "../lib/format.ts";
import { defaultComparison, type PlanDiff, type PlanVersion } from "../lib/plan-views.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";

const ROUTE = "/signed-in/admin/plans/$planId/diff";

/** `/admin/plans/$planId/diff?a=&b=`: two versions side by side, only the differences unless `show=all`. */
export function PlanDiffPage(): ReactNode {
  const user = useSignedInUser();
  const { planId } = useParams({ from: ROUTE });
  return (
    <Flex direction="column" gap="4">
      <RadixLink asChild size="2">
        <Link to="/admin/plans/$planId" params={{ planId }}>
          ← The plan&apos;s versions
        </Link>
      </RadixLink>
      {user.role === "operator" ? <Comparison planId={planId} /> : <OperatorsOnly />}
    </Flex>
  );
}

function Comparison({ planId }: { planId: string }): ReactNode {
  const trpc = useTRPC();
  const search = useSearch({ from: ROUTE });
  const navigate = useNavigate({ from: "/admin/plans/$planId/diff" });
  const plan = useQuery(trpc.plans.get.queryOptions({ planId }));
  const fallback = plan.data ? defaultComparison(plan.data.versions) : null;
  const a = search.a ?? fallback?.a;
  const b = search.b ?? fallback?.b;
  const diff = useQuery({
    ...trpc.planVersions.diff.queryOptions({
      planId,
      a: a ?? "",
      b: b ?? "",
      include_unchanged: search.show === "all" ? "true" : undefined,
    }),
    enabled: a !== undefined && b !== undefined,
  });
  if (plan.isPending) return <Loading label="Loading the plan…" />;
  if (plan.isError) return <MainEntityError error={plan.error} onRetry={() => void plan.refetch()} />;
  const header = (
    <PageHeader
      title={`Compare versions of ${plan.data.name}`}
      description="A is before, B after; prices per 1M tokens."
    />
  );
  // A plan with one version still gets its page title: the page is there, with nothing to compare on it.
  if (a === undefined || b === undefined) {
    return (
      <Flex direction="column" gap="4">
        {header}
        <Empty title="Nothing to compare yet.">A comparison needs two versions of the plan.</Empty>
      </Flex>
    );
  }
  const pick = (side: "a" | "b") => (id: string) => {
    void navigate({ search: (prev) => ({ ...prev, a, b, [side]: id }) });
  };
  return (
    <Flex direction="column" gap="4">
      {header}
      <Flex gap="3" align="end" wrap="wrap">
        <VersionPicker
          label="A (before)"
          value={a}
          versions={plan.data.versions}
          onChange={pick("a")}
          testId="diff-a"
        />
        <VersionPicker label="B (after)" value={b} versions={plan.data.versions} onChange={pick("b")} testId="diff-b" />
        <Button
          variant="soft"
          onClick={() => void navigate({ search: (prev) => ({ ...prev, a: b, b: a }) })}
          data-testid="diff-swap"
        >
          <ArrowLeftRight size={14} aria-hidden="true" /> Swap
        </Button>
      </Flex>
      {diff.isPending ? (
        <Loading label="Comparing…" />
      ) : diff.isError ? (
        <ErrorState error={diff.error} onRetry={() => void diff.refetch()} />
      ) : (
        <DiffBody
          diff={diff.data}
          showAll={search.show === "all"}
          onShowAll={(all) => {
            void navigate({ search: (prev) => ({ ...prev, a, b, show: all ? "all" : undefined }) });
          }}
        />
      )}
    </Flex>
  );
}

function VersionCard({ side, version }: { side: string; version: PlanVersion }): ReactNode {
  return (
    <Card data-testid={`diff-side-${side}`}>
      <Flex direction="column" gap="1">
        <Flex gap="2" align="center">
          <Text weight="bold">
            {side.toUpperCase()} · v{version.version.toString()}
          </Text>
          <PlanVersionBadge status={version.status} />
        </Flex>
        <Text size="2" color="gray">
          {version.currency} · from <DateTime iso={version.effective_from} dateOnly billingDay /> ·{" "}
          {formatTokens(version.rate_count.toString())} rates
        </Text>
      </Flex>
    </Card>
  );
}

function DiffBody({
  diff,
  showAll,
  onShowAll,
}: {
  diff: PlanDiff;
  showAll: boolean;
  onShowAll: (all: boolean) => void;
}): ReactNode {
  const { counts } = diff.rates;
  const changedRates = counts.added + counts.removed + counts.changed;
  return (
    <Flex direction="column" gap="4">
      <Grid columns={{ initial: "1", sm: "2" }} gap="3">
        <VersionCard side="a" version={diff.a} />
        <VersionCard side="b" version={diff.b} />
      </Grid>
      <Flex gap="2" wrap="wrap" data-testid="diff-summary">
        <Badge highContrast color="green">
          {formatTokens(counts.added.toString())} added
        </Badge>
        <Badge highContrast color="red">
          {formatTokens(counts.removed.toString())} removed
        </Badge>
        <Badge highContrast color="amber">
          {formatTokens(counts.changed.toString())} changed
        </Badge>
        <Badge highContrast color="gray">
          {formatTokens(counts.unchanged.toString())} unchanged
        </Badge>
        <Badge highContrast color="blue">
          {formatTokens(diff.pricing.changes.length.toString())} pricing field
          {diff.pricing.changes.length === 1 ? "" : "s"} changed
        </Badge>
      </Flex>
      <Heading as="h2" size="4">
        Pricing
      </Heading>
      {diff.pricing.changes.length === 0 ? (
        <Text size="2" color="gray">
          The pricing documents are the same ({formatTokens(diff.pricing.unchanged_count.toString())} fields).
        </Text>
      ) : (
        <FieldDiffTable changes={diff.pricing.changes} />
      )}
      <Flex justify="between" align="center" wrap="wrap" gap="2">
        <Heading as="h2" size="4">
          Rates
        </Heading>
        <SegmentedControl.Root
          value={showAll ? "all" : "changes"}
          onValueChange={(value) => {
            onShowAll(value === "all");
          }}
          size="1"
          aria-label="Rates shown"
        >
          <SegmentedControl.Item value="changes" data-testid="diff-only-changes">
            Only changes
          </SegmentedControl.Item>
          <SegmentedControl.Item value="all" data-testid="diff-show-all">
            All rates
          </SegmentedControl.Item>
        </SegmentedControl.Root>
      </Flex>
      {diff.rates.entries.length === 0 ? (
        <Empty title={changedRates === 0 ? "No rate differs." : "No rates."}>
          {formatTokens(counts.unchanged.toString())} rates are the same in both versions.
        </Empty>
      ) : (
        <RateDiffTable diff={diff} />
      )}
    </Flex>
  );
}

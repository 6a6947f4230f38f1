import {
  Button,
  Callout,
  Card,
  Code,
  DataList,
  Flex,
  Heading,
  Link as RadixLink,
  Select,
  Text,
} from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { Archive, FlaskConical, Pencil } from "lucide-react";
import { useMemo, type ReactNode } from "react";
import { Empty, Loading } from "../components/async-state.tsx";
import { MainEntityError } from "../components/main-entity-error.tsx";
import { DateTime } from "../components/date-time.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PlanRatesTable } from "../components/plan-rates-table.tsx";
import { PlanVersionBadge } from "../components/plan-version-badge.tsx";
import { PricingDocument } from "../components/pricing-document.tsx";
import { SearchBox } from "../components/search-box.tsx";
import { formatTokens } from "../lib/format.ts";
import { filterRateRows, providersOf, rateRows, type PlanVersionDetail } from "../lib/plan-views.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";

const ROUTE = "/signed-in/admin/plans/$planId/versions/$versionId";
const ALL_PROVIDERS = "all";

/** `/admin/plans/$planId/versions/$versionId`: one version, read-only: its facts, pricing document and rates. */
export function PlanVersionPage(): ReactNode {
  const user = useSignedInUser();
  const { planId } = useParams({ from: ROUTE });
  return (
    <Flex direction="column" gap="4">
      <RadixLink asChild size="2">
        <Link to="/admin/plans/$planId" params={{ planId }}>
          ← The plan&apos;s versions
        </Link>
      </RadixLink>
      {user.role === "operator" ? <VersionDetail /> : <OperatorsOnly />}
    </Flex>
  );
}

function VersionDetail(): ReactNode {
  const { planId, versionId } = useParams({ from: ROUTE });
  const trpc = useTRPC();
  const version = useQuery(trpc.planVersions.get.queryOptions({ planId, versionId }));
  // The plan's name heads the page ("Pro · version 2"): "Version 2" alone does not say of what.
  const plan = useQuery(trpc.plans.get.queryOptions({ planId }));
  if (version.isPending) return <Loading label="Loading the version…" />;
  if (version.isError) return <MainEntityError error={version.error} onRetry={() => void version.refetch()} />;
  const v = version.data;
  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title={plan.data ? `${plan.data.name} · version ${v.version.toString()}` : `Version ${v.version.toString()}`}
        description={`${v.currency} · ${formatTokens(v.rate_count.toString())} rates`}
      >
        <PlanVersionBadge status={v.status} />
        {v.status === "draft" && (
          <Button asChild size="2">
            <Link
              to="/admin/plans/$planId/versions/$versionId/edit"
              params={{ planId, versionId }}
              data-testid="edit-version"
            >
              <Pencil size={14} aria-hidden="true" /> Edit draft
            </Link>
          </Button>
        )}
        {v.status === "draft" && (
          // What the draft would have charged real tenants, before it is published.
          <Button asChild size="2" variant="soft">
            <Link to="/admin/simulations/new" search={{ version: versionId }} data-testid="simulate-version">
              <FlaskConical size={14} aria-hidden="true" /> Simulate
            </Link>
          </Button>
        )}
      </PageHeader>
      {v.status === "archived" && (
        <Callout.Root color="gray" role="status" data-testid="version-archived">
          <Callout.Icon>
            <Archive size={16} aria-hidden="true" />
          </Callout.Icon>
          <Callout.Text>
            Archived <DateTime iso={v.archived_at} />: no new subscriptions.{" "}
            {v.active_subscriptions > 0
              ? `${formatTokens(v.active_subscriptions.toString())} tenant(s) stay on it until migrated.`
              : "No tenant is on it."}{" "}
            Copy it to a draft on the plan&apos;s page to reuse its prices.
          </Callout.Text>
        </Callout.Root>
      )}
      <VersionFacts version={v} />
      <Heading as="h2" size="4">
        Pricing
      </Heading>
      <PricingDocument pricing={v.pricing} currency={v.currency} />
      <Heading as="h2" size="4">
        Rates
      </Heading>
      <RatesSection version={v} />
    </Flex>
  );
}

function VersionFacts({ version }: { version: PlanVersionDetail }): ReactNode {
  const facts: [string, ReactNode][] = [
    [
      "Currency",
      <Code variant="ghost" key="c">
        {version.currency}
      </Code>,
    ],
    ["Effective from", <DateTime iso={version.effective_from} billingDay key="f" />],
    [
      "Effective to",
      version.effective_to === null ? "open" : <DateTime iso={version.effective_to} billingDay key="t" />,
    ],
    ["Published", <DateTime iso={version.published_at} key="p" />],
    ["Archived", <DateTime iso={version.archived_at} key="a" />],
    ["Created", <DateTime iso={version.created_at} key="cr" />],
    ["Subscribed now", formatTokens(version.active_subscriptions.toString())],
  ];
  return (
    <Card>
      <DataList.Root orientation={{ initial: "vertical", sm: "horizontal" }} data-testid="version-facts">
        {facts.map(([label, value]) => (
          <DataList.Item key={label}>
            <DataList.Label>{label}</DataList.Label>
            <DataList.Value>{value}</DataList.Value>
          </DataList.Item>
        ))}
      </DataList.Root>
    </Card>
  );
}

function RatesSection({ version }: { version: PlanVersionDetail }): ReactNode {
  const { q, provider } = useSearch({ from: ROUTE });
  const navigate = useNavigate({ from: "/admin/plans/$planId/versions/$versionId" });
  const rows = useMemo(() => rateRows(version.rates), [version.rates]);
  const providers = useMemo(() => providersOf(version.rates), [version.rates]);
  const shown = useMemo(() => filterRateRows(rows, q, provider), [rows, q, provider]);
  if (version.rates.length === 0) {
    return (
      <Empty title="No explicit rates.">
        Every model is priced by the markups and the default above
        {version.status === "draft" ? "; add rates in the editor" : ""}.
      </Empty>
    );
  }
  return (
    <Flex direction="column" gap="3">
      <Flex gap="3" wrap="wrap" align="center">
        <SearchBox
          value={q}
          onCommit={(next) => {
            void navigate({ search: (prev) => ({ ...prev, q: next }), replace: true });
          }}
          placeholder="Model contains…"
          label="Search models"
          testId="rate-search"
        />
        <Select.Root
          value={provider ?? ALL_PROVIDERS}
          onValueChange={(value) => {
            void navigate({ search: (prev) => ({ ...prev, provider: value === ALL_PROVIDERS ? undefined : value }) });
          }}
        >
          <Select.Trigger aria-label="Provider" data-testid="rate-provider" />
          <Select.Content>
            <Select.Item value={ALL_PROVIDERS}>All providers</Select.Item>
            {providers.map((name) => (
              <Select.Item key={name} value={name}>
                {name}
              </Select.Item>
            ))}
          </Select.Content>
        </Select.Root>
        <Text size="2" color="gray" data-testid="rate-count">
          {formatTokens(shown.length.toString())} of {formatTokens(rows.length.toString())} models × conditions
        </Text>
      </Flex>
      {shown.length === 0 ? (
        <Empty title="No model matches these filters." />
      ) : (
        <PlanRatesTable rows={shown} currency={version.currency} />
      )}
    </Flex>
  );
}

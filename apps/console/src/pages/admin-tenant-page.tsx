import { Button, Flex, Grid, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { SectionCard } from "../components/section-card.tsx";
import { TenantBillingForm } from "../components/tenant-billing-form.tsx";
import { TenantCreditGrants } from "../components/tenant-credit-grants.tsx";
import { TenantIngestMappings } from "../components/tenant-ingest-mappings.tsx";
import { TenantOperatorBudgets } from "../components/tenant-operator-budgets.tsx";
import { TenantOverrides } from "../components/tenant-overrides.tsx";
import { TenantSubscriptions } from "../components/tenant-subscriptions.tsx";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";

/**
 * `/admin/tenants/$tenantId`: one tenant's commercial setup for operators (subscriptions, overrides, credit, budgets,
 * ingest mappings, billing settings), each changed through the same operations the admin API serves.
 */
export function AdminTenantPage(): ReactNode {
  const user = useSignedInUser();
  if (user.role !== "operator") return <OperatorsOnly />;
  return <TenantDetail />;
}

function TenantDetail(): ReactNode {
  const { tenantId } = useParams({ from: "/signed-in/admin/tenants/$tenantId" });
  const trpc = useTRPC();
  // This tenant alone: a whole id ranks its own tenant first (the list of every tenant is thousands long).
  const tenants = useQuery(trpc.tenants.list.queryOptions({ search: tenantId, limit: 1 }));
  const billing = useQuery(trpc.tenantBilling.get.queryOptions({ tenant_id: tenantId }));

  if (tenants.isPending || billing.isPending) return <Loading label="Loading the tenant…" />;
  if (tenants.isError) return <ErrorState error={tenants.error} onRetry={() => void tenants.refetch()} />;
  const tenant = tenants.data.find((candidate) => candidate.id === tenantId);
  if (!tenant) {
    return (
      <Empty title="No such tenant.">
        <Link to="/admin/tenants">Back to the tenants</Link>
      </Empty>
    );
  }
  if (billing.isError) return <ErrorState error={billing.error} onRetry={() => void billing.refetch()} />;
  const currency = billing.data.currency;
  const plan = billing.data.plan;

  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title={tenant.name}
        description={`${tenant.slug} · ${plan === null ? "no plan" : `${plan.name} v${plan.version.toString()}`} · ${currency}${billing.data.prepaid ? " · prepaid" : ""}`}
      >
        <Button variant="soft" asChild>
          <Link to="/admin/tenants" search={{}}>
            All tenants
          </Link>
        </Button>
        <Button asChild>
          {/* The tenant's own pages, read-only for an operator. */}
          <Link to="/" search={{ tenant: tenant.id }} data-testid="view-as-tenant">
            View as tenant
          </Link>
        </Button>
      </PageHeader>
      <TenantSubscriptions tenantId={tenantId} />
      <TenantCreditGrants tenantId={tenantId} currency={currency} />
      <TenantOverrides tenantId={tenantId} />
      <TenantOperatorBudgets tenantId={tenantId} currency={currency} />
      <Grid columns={{ initial: "1", md: "2" }} gap="4">
        <TenantBillingForm tenantId={tenantId} />
        <SectionCard title="Invoices" description="The tenant's invoices, as it sees them." testId="tenant-invoices">
          <Flex gap="2" wrap="wrap">
            <Button variant="soft" asChild>
              <Link to="/invoices" search={{ tenant: tenant.id }} data-testid="tenant-invoices-link">
                Invoices
              </Link>
            </Button>
            <Button variant="soft" asChild>
              <Link to="/invoices/upcoming" search={{ tenant: tenant.id }}>
                Upcoming invoice
              </Link>
            </Button>
          </Flex>
          <Text size="1" color="gray">
            Closing, paying and voiding invoices are operator actions on the invoice pages.
          </Text>
        </SectionCard>
      </Grid>
      <TenantIngestMappings tenantId={tenantId} />
    </Flex>
  );
}

import {
  createRootRoute,
  createRoute,
  createRouter,
  notFound,
  Outlet,
  redirect,
  retainSearchParams,
  RouterProvider,
} from "@tanstack/react-router";
import type { ReactNode } from "react";
import { z } from "zod";
import { SignedInLayout } from "./components/signed-in-layout.tsx";
import { AdminPlanPage } from "./pages/admin-plan-page.tsx";
import { AdminPlansPage } from "./pages/admin-plans-page.tsx";
import { AdminCatalogPage } from "./pages/admin-catalog-page.tsx";
import { AdminCatalogSyncPage } from "./pages/admin-catalog-sync-page.tsx";
import { AdminTenantPage } from "./pages/admin-tenant-page.tsx";
import { AdminAnalyticsPage } from "./pages/admin-analytics-page.tsx";
import { AdminTenantsPage } from "./pages/admin-tenants-page.tsx";
import { PlanDiffPage } from "./pages/plan-diff-page.tsx";
import { PlanVersionPage } from "./pages/plan-version-page.tsx";
import { AlertsPage } from "./pages/alerts-page.tsx";
import { BudgetsPage } from "./pages/budgets-page.tsx";
import { ApiKeysPage } from "./pages/api-keys-page.tsx";
import { AuditLogPage } from "./pages/audit-log-page.tsx";
import { NewSimulationPage } from "./pages/new-simulation-page.tsx";
import { SimulationPage } from "./pages/simulation-page.tsx";
import { SimulationsPage } from "./pages/simulations-page.tsx";
import { AdminInvoicesPage } from "./pages/admin-invoices-page.tsx";
import { BillingRunPage } from "./pages/billing-run-page.tsx";
import { BillingRunsPage } from "./pages/billing-runs-page.tsx";
import { CreditGrantPage } from "./pages/credit-grant-page.tsx";
import { CreditsPage } from "./pages/credits-page.tsx";
import { InvoicePage } from "./pages/invoice-page.tsx";
import { InvoicesPage } from "./pages/invoices-page.tsx";
import { NotFoundPage } from "./pages/not-found-page.tsx";
import { PipelinePage } from "./pages/pipeline-page.tsx";
import { OverviewPage } from "./pages/overview-page.tsx";
import { PlanVersionEditPage } from "./pages/plan-version-edit-page.tsx";
import { SettingsPage } from "./pages/settings-page.tsx";
import { SetupPage } from "./pages/setup-page.tsx";
import { InvitePage } from "./pages/invite-page.tsx";
import { TeamPage } from "./pages/team-page.tsx";
import { TaskPage } from "./pages/task-page.tsx";
import { TasksPage } from "./pages/tasks-page.tsx";
import { UpcomingInvoicePage } from "./pages/upcoming-invoice-page.tsx";
import { UsagePage } from "./pages/usage-page.tsx";
import { WebhooksPage } from "./pages/webhooks-page.tsx";
import {
  adminInvoicesSearch,
  adminTenantsSearch,
  billingRunSearch,
  billingRunsSearch,
  analyticsSearch,
  alertsSearch,
  auditLogSearch,
  budgetsSearch,
  catalogSearch,
  invoiceListSearch,
  newSimulationSearch,
  simulationSearch,
  overviewSearch,
  planDiffSearch,
  planVersionSearch,
  planEditSearch,
  pipelineSearch,
  tasksSearch,
  tenantSearch,
  usageSearch,
  webhooksSearch,
} from "./lib/search-params.ts";

/**
 * An id in a path must be a uuid: anything else is the 404 page (not an error with a Retry, nor a request for an id
 * that cannot exist).
 */
function uuidOrNotFound(value: string): string {
  const parsed = z.uuid().safeParse(value);
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- the router's notFound is thrown by design
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/** Every page has a URL (filters included, in the search string), so links can be shared and Back works. */
const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFoundPage });

// Signed out on purpose: the first operator is created here (the api refuses once one exists).
const setupRoute = createRoute({ getParentRoute: () => rootRoute, path: "/setup", component: SetupPage });

// Signed out on purpose too: an invited person has no account until this page creates it.
const inviteRoute = createRoute({ getParentRoute: () => rootRoute, path: "/invite", component: InvitePage });

/**
 * Every signed-in page. `?tenant=` is the tenant an operator is looking at (tenant users always see their own); it
 * is kept on every link, so an operator stays on the tenant while moving between pages.
 */
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "signed-in",
  component: SignedInLayout,
  validateSearch: tenantSearch,
  search: { middlewares: [retainSearchParams(["tenant"])] },
});

const overviewRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/",
  component: OverviewPage,
  validateSearch: overviewSearch,
});

const usageRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/usage",
  component: UsagePage,
  validateSearch: usageSearch,
});

const tasksRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/tasks",
  component: TasksPage,
  validateSearch: tasksSearch,
});

// Carries the list's filters too, so its Back link returns to the list as it was.
const taskRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/tasks/$taskId",
  component: TaskPage,
  validateSearch: tasksSearch,
});

const invoicesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/invoices",
  component: InvoicesPage,
  validateSearch: invoiceListSearch,
});

const upcomingInvoiceRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/invoices/upcoming",
  component: UpcomingInvoicePage,
});

const invoiceRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/invoices/$invoiceId",
  component: InvoicePage,
  params: { parse: (raw) => ({ invoiceId: uuidOrNotFound(raw.invoiceId) }) },
});

const creditsRoute = createRoute({ getParentRoute: () => signedInRoute, path: "/credits", component: CreditsPage });

const creditGrantRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/credits/$grantId",
  component: CreditGrantPage,
  params: { parse: (raw) => ({ grantId: uuidOrNotFound(raw.grantId) }) },
});

const alertsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/alerts",
  component: AlertsPage,
  validateSearch: alertsSearch,
});

const budgetsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/budgets",
  component: BudgetsPage,
  validateSearch: budgetsSearch,
});

const apiKeysRoute = createRoute({ getParentRoute: () => signedInRoute, path: "/keys", component: ApiKeysPage });

const webhooksRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/webhooks",
  component: WebhooksPage,
  validateSearch: webhooksSearch,
});

// The operators' own pages (every tenant at once); the pages show tenant users a note, the api refuses them.
const adminTenantsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/tenants",
  component: AdminTenantsPage,
  validateSearch: adminTenantsSearch,
});

// Not under the list's route: the list's search and sort stay the list's own.
const adminTenantRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/tenants/$tenantId",
  component: AdminTenantPage,
  params: { parse: (raw) => ({ tenantId: uuidOrNotFound(raw.tenantId) }) },
});

const adminCatalogRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/catalog",
  component: AdminCatalogPage,
  validateSearch: catalogSearch,
});

const adminCatalogSyncRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/catalog/sync",
  component: AdminCatalogSyncPage,
});

const adminAnalyticsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/analytics",
  component: AdminAnalyticsPage,
  validateSearch: analyticsSearch,
});

const auditLogRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/audit-log",
  component: AuditLogPage,
  validateSearch: auditLogSearch,
});

// Pricing tiers: plans, a version read-only, and two versions compared (the draft editor has its own route).
const adminPlansRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/plans",
  component: AdminPlansPage,
});

const adminPlanRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/plans/$planId",
  component: AdminPlanPage,
  params: { parse: (raw) => ({ planId: uuidOrNotFound(raw.planId) }) },
});

const planVersionRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/plans/$planId/versions/$versionId",
  component: PlanVersionPage,
  params: {
    parse: (raw) => ({ planId: uuidOrNotFound(raw.planId), versionId: uuidOrNotFound(raw.versionId) }),
  },
  validateSearch: planVersionSearch,
});

const planDiffRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/plans/$planId/diff",
  component: PlanDiffPage,
  params: { parse: (raw) => ({ planId: uuidOrNotFound(raw.planId) }) },
  validateSearch: planDiffSearch,
});

const pipelineRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/pipeline",
  component: PipelinePage,
  validateSearch: pipelineSearch,
});
// A draft version's rates and pricing document; the filters of its rates editor are in the search string.
const planVersionEditRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/plans/$planId/versions/$versionId/edit",
  component: PlanVersionEditPage,
  validateSearch: planEditSearch,
  params: {
    parse: (raw) => ({ planId: uuidOrNotFound(raw.planId), versionId: uuidOrNotFound(raw.versionId) }),
  },
});

const simulationsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/simulations",
  component: SimulationsPage,
});

const newSimulationRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/simulations/new",
  component: NewSimulationPage,
  validateSearch: newSimulationSearch,
});

const simulationRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/simulations/$simulationId",
  component: SimulationPage,
  validateSearch: simulationSearch,
  params: { parse: (raw) => ({ simulationId: uuidOrNotFound(raw.simulationId) }) },
});
const billingRunsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/billing-runs",
  component: BillingRunsPage,
  validateSearch: billingRunsSearch,
});

const billingRunRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/billing-runs/$runId",
  component: BillingRunPage,
  validateSearch: billingRunSearch,
  params: { parse: (raw) => ({ runId: uuidOrNotFound(raw.runId) }) },
});

const adminInvoicesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/admin/invoices",
  component: AdminInvoicesPage,
  validateSearch: adminInvoicesSearch,
});

const teamRoute = createRoute({ getParentRoute: () => signedInRoute, path: "/team", component: TeamPage });

const settingsRoute = createRoute({ getParentRoute: () => signedInRoute, path: "/settings", component: SettingsPage });

// The old address of the password page, kept so bookmarks still work.
const accountRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/account",
  beforeLoad: () => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the router's redirect is thrown by design
    throw redirect({ to: "/settings" });
  },
});

const routeTree = rootRoute.addChildren([
  setupRoute,
  inviteRoute,
  signedInRoute.addChildren([
    overviewRoute,
    usageRoute,
    tasksRoute,
    taskRoute,
    invoicesRoute,
    upcomingInvoiceRoute,
    invoiceRoute,
    creditsRoute,
    creditGrantRoute,
    alertsRoute,
    budgetsRoute,
    apiKeysRoute,
    webhooksRoute,
    adminTenantsRoute,
    adminTenantRoute,
    adminCatalogRoute,
    adminCatalogSyncRoute,
    adminAnalyticsRoute,
    auditLogRoute,
    adminPlansRoute,
    adminPlanRoute,
    planVersionRoute,
    planDiffRoute,
    pipelineRoute,
    planVersionEditRoute,
    simulationsRoute,
    newSimulationRoute,
    simulationRoute,
    billingRunsRoute,
    billingRunRoute,
    adminInvoicesRoute,
    teamRoute,
    settingsRoute,
    accountRoute,
  ]),
]);

export const router = createRouter({ routeTree, defaultPreload: "intent", scrollRestoration: true });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}

export function ConsoleRouter(): ReactNode {
  return <RouterProvider router={router} />;
}

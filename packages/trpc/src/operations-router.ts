import { archivePlanVersionOperation } from "./procedures/plan-versions/archive.ts";
import { assignSubscriptionOperation } from "./procedures/subscriptions/assign.ts";
import { copyPlanVersionOperation } from "./procedures/plan-versions/copy.ts";
import { diffPlanVersionsOperation } from "./procedures/plan-versions/diff.ts";
import { createBudgetOperation } from "./procedures/budgets/create.ts";
import { createOverrideOperation } from "./procedures/overrides/create.ts";
import { createPlanOperation } from "./procedures/plans/create.ts";
import { createPlanVersionOperation } from "./procedures/plan-versions/create.ts";
import { deleteBudgetOperation } from "./procedures/budgets/delete.ts";
import { endOverrideOperation } from "./procedures/overrides/end.ts";
import { getPlanOperation } from "./procedures/plans/get.ts";
import { getPlanVersionOperation } from "./procedures/plan-versions/get.ts";
import { listBudgetsOperation } from "./procedures/budgets/list.ts";
import { listOverridesOperation } from "./procedures/overrides/list.ts";
import { listPlansOperation } from "./procedures/plans/list.ts";
import { listSubscriptionsOperation } from "./procedures/subscriptions/list.ts";
import { publishPlanVersionOperation } from "./procedures/plan-versions/publish.ts";
import { updateBudgetOperation } from "./procedures/budgets/update.ts";
import { updatePlanVersionOperation } from "./procedures/plan-versions/update.ts";
import { createCreditGrantOperation } from "./procedures/credit-grants/create.ts";
import { listCreditGrantsOperation } from "./procedures/credit-grants/list.ts";
import { voidCreditGrantOperation } from "./procedures/credit-grants/void.ts";
import { migrateSubscriptionsOperation } from "./procedures/subscription-migrations/migrate.ts";
import { getBillingDetailsOperation } from "./procedures/tenant-billing/get.ts";
import { setTenantBillingOperation } from "./procedures/tenant-billing/set.ts";
import { addCostRatesOperation } from "./procedures/models/add-cost-rates.ts";
import { createModelOperation } from "./procedures/models/create.ts";
import { getModelOperation } from "./procedures/models/get.ts";
import { listModelsOperation } from "./procedures/models/list.ts";
import { updateModelOperation } from "./procedures/models/update.ts";
import { unratedUsageOperation } from "./procedures/models/unrated-usage.ts";
import { pricesSyncApplyOperation } from "./procedures/prices-sync/apply.ts";
import { pricesSyncDiffOperation } from "./procedures/prices-sync/diff.ts";
import { deleteIngestMappingOperation } from "./procedures/ingest-mappings/delete.ts";
import { listIngestMappingsOperation } from "./procedures/ingest-mappings/list.ts";
import { putIngestMappingOperation } from "./procedures/ingest-mappings/put.ts";
import { createTenantApiKeyOperation } from "./procedures/tenant-api-keys/create.ts";
import { listTenantApiKeysOperation } from "./procedures/tenant-api-keys/list.ts";
import { revokeTenantApiKeyOperation } from "./procedures/tenant-api-keys/revoke.ts";
import { rotateTenantApiKeyOperation } from "./procedures/tenant-api-keys/rotate.ts";
import { createTenantOperation } from "./procedures/tenants/create.ts";
import { discardFailedJobOperation } from "./procedures/failed-jobs/discard.ts";
import { discardFailedJobsOperation } from "./procedures/failed-jobs/discard-all.ts";
import { listFailedJobsOperation } from "./procedures/failed-jobs/list.ts";
import { replayFailedJobOperation } from "./procedures/failed-jobs/replay.ts";
import { replayFailedJobsOperation } from "./procedures/failed-jobs/replay-all.ts";
import { usageReadEventsOperation } from "./procedures/usage-reads/events.ts";
import { usageForecastOperation } from "./procedures/usage-reads/forecast.ts";
import { usageReadSummaryOperation } from "./procedures/usage-reads/summary.ts";
import { usageExploreOperation } from "./procedures/usage-reads/explore.ts";
import { usageExploreOptionsOperation } from "./procedures/usage-reads/explore-options.ts";
import { getTaskOperation } from "./procedures/tasks/get.ts";
import { listTasksOperation } from "./procedures/tasks/list.ts";
import { listInvoicesOperation } from "./procedures/invoices/list.ts";
import { getInvoiceOperation } from "./procedures/invoices/get.ts";
import { upcomingInvoiceOperation } from "./procedures/invoices/upcoming.ts";
import {
  invoiceLinesCsvOperation,
  invoicePdfOperation,
  invoiceUsageCsvOperation,
  upcomingInvoiceCsvOperation,
  upcomingInvoicePdfOperation,
} from "./procedures/invoices/invoice-files.ts";
import { listAllInvoicesOperation } from "./procedures/admin-invoices/list.ts";
import { closeBillingPeriodOperation } from "./procedures/admin-invoices/close.ts";
import { markInvoicePaidOperation } from "./procedures/admin-invoices/pay.ts";
import { voidInvoiceOperation } from "./procedures/admin-invoices/void.ts";
import { createCreditNoteOperation } from "./procedures/admin-invoices/create-credit-note.ts";
import { regenerateInvoiceOperation } from "./procedures/admin-invoices/regenerate.ts";
import { createWebhookEndpointOperation } from "./procedures/webhooks/create-endpoint.ts";
import { deleteWebhookEndpointOperation } from "./procedures/webhooks/delete-endpoint.ts";
import { listWebhookDeliveriesOperation } from "./procedures/webhooks/list-deliveries.ts";
import { listWebhookEndpointsOperation } from "./procedures/webhooks/list-endpoints.ts";
import { redeliverWebhookOperation } from "./procedures/webhooks/redeliver.ts";
import { rotateWebhookSecretOperation } from "./procedures/webhooks/rotate-secret.ts";
import { tenantWebhookDeliveriesOperation } from "./procedures/webhooks/tenant-list-deliveries.ts";
import { tenantWebhookEndpointsOperation } from "./procedures/webhooks/tenant-list-endpoints.ts";
import { updateWebhookEndpointOperation } from "./procedures/webhooks/update-endpoint.ts";
import { listReconciliationRunsOperation } from "./procedures/reconciliation/list-runs.ts";
import { marginOperation } from "./procedures/analytics/margin.ts";
import { providerShareOperation } from "./procedures/analytics/provider-share.ts";
import { tokensByModelOperation } from "./procedures/analytics/tokens-by-model.ts";
import { topAgentsOperation } from "./procedures/analytics/top-agents.ts";
import { topTenantsOperation } from "./procedures/analytics/top-tenants.ts";
import { unratedVolumeOperation } from "./procedures/analytics/unrated.ts";
import { listAlertsOperation } from "./procedures/alerts/list.ts";
import { markAlertsReadProcedure } from "./procedures/alerts/mark-read.ts";
import { unreadAlertCount } from "./procedures/alerts/unread-count.ts";
import { listTenantOverviewOperation } from "./procedures/tenants/overview.ts";
import { listAuditLogOperation } from "./procedures/audit-log/list.ts";
import { getPipelineHealthOperation } from "./procedures/pipeline-health/get.ts";
import { getPlanSimulationOperation } from "./procedures/plan-simulations/get.ts";
import { listPlanSimulationsOperation } from "./procedures/plan-simulations/list.ts";
import { publishAndMigrateOperation } from "./procedures/plan-simulations/publish-and-migrate.ts";
import { planSimulationResultsOperation } from "./procedures/plan-simulations/results.ts";
import { startPlanSimulationOperation } from "./procedures/plan-simulations/start.ts";
import { listBillingRunsOperation } from "./procedures/billing-runs/list.ts";
import { getBillingRunOperation } from "./procedures/billing-runs/get.ts";
import { startBillingRunOperation } from "./procedures/billing-runs/start.ts";
import { retryFailedBillingRunOperation } from "./procedures/billing-runs/retry-failed.ts";
import { tenantsDueOperation } from "./procedures/billing-runs/due.ts";
import { router } from "./trpc.ts";

/**
 * The operation catalog: every operation served to machines over REST (apps/api's serve-operations) and documented
 * in /openapi.json, each a procedure with its input, output, access and `meta.rest`. Part of `appRouter`, so /trpc
 * serves the same definitions to the console (operator users).
 */
export const operationsRouter = router({
  // Not `tenants`: the console router's `tenants.list` holds that key (merged routers may not share one).
  tenantOnboarding: router({ create: createTenantOperation }),
  // The operators' tenant list (the console's tenant picker keeps the lighter tenants.list).
  tenantDirectory: router({ list: listTenantOverviewOperation }),
  auditLog: router({ list: listAuditLogOperation }),
  // Not `usage`: the console router's usage views hold that key.
  usageReads: router({
    summary: usageReadSummaryOperation,
    events: usageReadEventsOperation,
    explore: usageExploreOperation,
    exploreOptions: usageExploreOptionsOperation,
    forecast: usageForecastOperation,
  }),
  // Cost per agent task (the worker's usage_task_totals); tenant reads like usageReads.
  tasks: router({ list: listTasksOperation, get: getTaskOperation }),
  pipelineHealth: router({ get: getPipelineHealthOperation }),
  // Every catalog queue's failed jobs (`queue` names it; `/v1/admin/queues/usage/failed` as before for usage).
  failedJobs: router({
    list: listFailedJobsOperation,
    replayAll: replayFailedJobsOperation,
    replay: replayFailedJobOperation,
    discard: discardFailedJobOperation,
    discardAll: discardFailedJobsOperation,
  }),
  budgets: router({
    list: listBudgetsOperation,
    create: createBudgetOperation,
    update: updateBudgetOperation,
    delete: deleteBudgetOperation,
  }),
  plans: router({ create: createPlanOperation, list: listPlansOperation, get: getPlanOperation }),
  planVersions: router({
    create: createPlanVersionOperation,
    get: getPlanVersionOperation,
    update: updatePlanVersionOperation,
    publish: publishPlanVersionOperation,
    archive: archivePlanVersionOperation,
    copy: copyPlanVersionOperation,
    diff: diffPlanVersionsOperation,
  }),
  subscriptions: router({ list: listSubscriptionsOperation, assign: assignSubscriptionOperation }),
  overrides: router({ list: listOverridesOperation, create: createOverrideOperation, end: endOverrideOperation }),
  subscriptionMigrations: router({ migrate: migrateSubscriptionsOperation }),
  planSimulations: router({
    start: startPlanSimulationOperation,
    list: listPlanSimulationsOperation,
    get: getPlanSimulationOperation,
    results: planSimulationResultsOperation,
    publishAndMigrate: publishAndMigrateOperation,
  }),
  creditGrants: router({
    list: listCreditGrantsOperation,
    create: createCreditGrantOperation,
    void: voidCreditGrantOperation,
  }),
  tenantBilling: router({ set: setTenantBillingOperation, get: getBillingDetailsOperation }),
  tenantApiKeys: router({
    list: listTenantApiKeysOperation,
    create: createTenantApiKeyOperation,
    revoke: revokeTenantApiKeyOperation,
    rotate: rotateTenantApiKeyOperation,
  }),
  ingestMappings: router({
    list: listIngestMappingsOperation,
    put: putIngestMappingOperation,
    delete: deleteIngestMappingOperation,
  }),
  invoices: router({
    list: listInvoicesOperation,
    get: getInvoiceOperation,
    upcoming: upcomingInvoiceOperation,
    pdf: invoicePdfOperation,
    linesCsv: invoiceLinesCsvOperation,
    usageCsv: invoiceUsageCsvOperation,
    upcomingPdf: upcomingInvoicePdfOperation,
    upcomingCsv: upcomingInvoiceCsvOperation,
  }),
  invoiceAdmin: router({
    list: listAllInvoicesOperation,
    close: closeBillingPeriodOperation,
    markPaid: markInvoicePaidOperation,
    void: voidInvoiceOperation,
    createCreditNote: createCreditNoteOperation,
    regenerate: regenerateInvoiceOperation,
  }),
  billingRuns: router({
    list: listBillingRunsOperation,
    get: getBillingRunOperation,
    due: tenantsDueOperation,
    start: startBillingRunOperation,
    retryFailed: retryFailedBillingRunOperation,
  }),
  webhookEndpoints: router({
    list: listWebhookEndpointsOperation,
    create: createWebhookEndpointOperation,
    update: updateWebhookEndpointOperation,
    delete: deleteWebhookEndpointOperation,
    rotateSecret: rotateWebhookSecretOperation,
  }),
  webhookDeliveries: router({ list: listWebhookDeliveriesOperation, redeliver: redeliverWebhookOperation }),
  // The tenant's own reads (read keys, tenant users), like usageReads.
  webhookReads: router({ endpoints: tenantWebhookEndpointsOperation, deliveries: tenantWebhookDeliveriesOperation }),
  models: router({
    list: listModelsOperation,
    get: getModelOperation,
    create: createModelOperation,
    update: updateModelOperation,
    addCostRates: addCostRatesOperation,
    unratedUsage: unratedUsageOperation,
  }),
  // The bundled price data against the catalog, reviewed then applied (the console's form of `npm run prices:sync`).
  pricesSync: router({
    diff: pricesSyncDiffOperation,
    // Not `apply`: tRPC reserves that name.
    applyDiff: pricesSyncApplyOperation,
  }),
  reconciliation: router({ listRuns: listReconciliationRunsOperation }),
  // Issue 20: the operators' cross-tenant analytics, from the analytics rollups.
  analytics: router({
    tokensByModel: tokensByModelOperation,
    providerShare: providerShareOperation,
    topTenants: topTenantsOperation,
    topAgents: topAgentsOperation,
    margin: marginOperation,
    unrated: unratedVolumeOperation,
  }),
  // unreadCount and markRead are console-only (no meta.rest); they live here because merged
  // routers may not share the `alerts` key.
  alerts: router({
    list: listAlertsOperation,
    unreadCount: unreadAlertCount,
    markRead: markAlertsReadProcedure,
  }),
});

export type OperationsRouter = typeof operationsRouter;

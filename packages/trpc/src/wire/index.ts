// Entry point @tollgate/trpc/wire: the REST API's snake_case shapes, one file per area.
export { budgetJson } from "./budgets.ts";
export { creditGrantJson } from "./credits.ts";
export { failedJobJson } from "./failed-jobs.ts";
export { tenantOverrideJson } from "./overrides.ts";
export { planJson, planRateJson, planVersionJson, planVersionsDiffJson, planWithVersionsJson } from "./pricing.ts";
export { subscriptionJson } from "./subscriptions.ts";
export { usageEventJson, usageTotalsJson } from "./usage.ts";
export { creditNoteJson, invoiceIssuerJson, invoiceJson, upcomingInvoiceJson } from "./invoices.ts";
export { webhookDeliveryJson, webhookEndpointJson } from "./webhooks.ts";
export { reconciliationRunJson } from "./reconciliation.ts";
export { exploreOptionsJson, usageExplorationJson } from "./explore.ts";
export { taskDetailJson, taskSummaryJson } from "./tasks.ts";
export { pipelineHealthJson } from "./pipeline-health.ts";

import { z } from "zod";
import { TOKEN_TYPES } from "@tollgate/domain";
import { RANGE_PRESET_IDS } from "./date-range.ts";
import { FAILED_JOB_QUEUES } from "./failed-job-queues.ts";

// Search params come from URLs people type, share and bookmark: a malformed one falls back to its default
// (`.catch`) instead of breaking the page.

export const tenantSearch = z.object({ tenant: z.uuid().optional().catch(undefined) });

export const overviewSearch = z.object({ range: z.enum(RANGE_PRESET_IDS).optional().catch(undefined) });

export const INVOICE_STATUS_FILTERS = ["finalized", "paid", "void"] as const;
export const invoiceListSearch = z.object({ status: z.enum(INVOICE_STATUS_FILTERS).optional().catch(undefined) });

export const DELIVERY_STATUS_FILTERS = ["pending", "retrying", "succeeded", "failed"] as const;
export const webhooksSearch = z.object({ status: z.enum(DELIVERY_STATUS_FILTERS).optional().catch(undefined) });

export const EXPLORE_GROUP_BYS = ["model", "token_type", "api_key", "customer", "agent"] as const;
export const EXPLORE_GRANULARITIES = ["hour", "day"] as const;
export const EXPLORE_METRICS = ["tokens", "amount"] as const;
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const filterValues = z.array(z.string().max(200)).max(100).optional().catch(undefined);

/**
 * `/usage`: every control of the explorer; from/to (days of the page's zone, both included) win over the preset when
 * both are set.
 */
export const usageSearch = z.object({
  range: z.enum(RANGE_PRESET_IDS).optional().catch(undefined),
  from: isoDay.optional().catch(undefined),
  to: isoDay.optional().catch(undefined),
  granularity: z.enum(EXPLORE_GRANULARITIES).optional().catch(undefined),
  group_by: z.enum(EXPLORE_GROUP_BYS).optional().catch(undefined),
  metric: z.enum(EXPLORE_METRICS).optional().catch(undefined),
  /** IANA zone of the day buckets; absent: the tenant's own zone (its Settings). */
  time_zone: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/)
    .optional()
    .catch(undefined),
  model: filterValues,
  api_key: filterValues,
  customer: filterValues,
  agent: filterValues,
  token_type: z.array(z.enum(TOKEN_TYPES)).max(5).optional().catch(undefined),
});
export type UsageSearch = z.infer<typeof usageSearch>;
export const ALERT_KINDS = [
  "budget.threshold_crossed",
  "credit.low",
  "credit.exhausted",
  "credit.depletion_forecast",
  "usage.unrated",
  "webhook.endpoint_disabled",
] as const;
export const alertsSearch = z.object({
  show: z.enum(["unread"]).optional().catch(undefined),
  kind: z.enum(ALERT_KINDS).optional().catch(undefined),
});

/** `/admin/tenants`: the search box (a name or slug prefix) and the sort. */
export const ADMIN_TENANT_SORTS = ["name", "spend"] as const;
export const adminTenantsSearch = z.object({
  q: z.string().max(200).optional().catch(undefined),
  sort: z.enum(ADMIN_TENANT_SORTS).optional().catch(undefined),
});

/** `/admin/simulations/new?version=`: the draft to simulate (the plan pages link here). */
export const newSimulationSearch = z.object({ version: z.uuid().optional().catch(undefined) });

/** How `/admin/simulations/$simulationId` orders its results (the planSimulations.results operation's sorts). */
export const SIMULATION_SORTS = ["difference", "net_difference", "before", "after", "tenant"] as const;
export const simulationSearch = z.object({
  sort: z.enum(SIMULATION_SORTS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
});
/** `/admin/analytics`: the window (UTC weeks ending with this one), the revenue currency, margin per model or provider. */
export const ANALYTICS_WEEK_CHOICES = [4, 8, 12, 26, 52] as const;
export const ANALYTICS_MARGIN_GROUPS = ["model", "provider"] as const;
export const analyticsSearch = z.object({
  weeks: z.coerce.number().int().min(1).max(52).optional().catch(undefined),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional()
    .catch(undefined),
  margin_by: z.enum(ANALYTICS_MARGIN_GROUPS).optional().catch(undefined),
});
export type AnalyticsSearch = z.infer<typeof analyticsSearch>;

/**
 * `/admin/audit-log`: its filters. The tenant filter is `for_tenant`, not `tenant`: that one is the tenant an
 * operator is looking at, kept on every link.
 */
export const auditLogSearch = z.object({
  actor: z.string().max(200).optional().catch(undefined),
  for_tenant: z.uuid().optional().catch(undefined),
  entity_type: z.string().max(200).optional().catch(undefined),
  entity_id: z.string().max(200).optional().catch(undefined),
  from: isoDay.optional().catch(undefined),
  to: isoDay.optional().catch(undefined),
});
export type AuditLogSearch = z.infer<typeof auditLogSearch>;
/** What `/tasks` is ordered by (descending); the same values as the tasks.list operation's `sort`. */
export const TASK_SORTS = ["amount", "tokens", "events", "last_seen"] as const;
export type TaskSortParam = (typeof TASK_SORTS)[number];

/**
 * `/tasks` and `/tasks/$taskId` (whose Back link returns to the list as it was): UTC month (default the current
 * one), sort, agent and a task id prefix.
 */
export const tasksSearch = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
  sort: z.enum(TASK_SORTS).optional().catch(undefined),
  agent: z.string().min(1).max(200).optional().catch(undefined),
  q: z.string().min(1).max(200).optional().catch(undefined),
});
export type TasksSearch = z.infer<typeof tasksSearch>;

/** `/budgets?scope=`: one kind of budget only. */
export const BUDGET_SCOPE_FILTERS = ["tenant", "api_key", "customer"] as const;
export const budgetsSearch = z.object({ scope: z.enum(BUDGET_SCOPE_FILTERS).optional().catch(undefined) });

/** `/admin/plans/$planId/versions/$versionId`: the rates' model search (substring) and provider filter. */
export const planVersionSearch = z.object({
  q: z.string().max(200).optional().catch(undefined),
  provider: z.string().min(1).max(200).optional().catch(undefined),
});

/** `/admin/plans/$planId/diff`: the two versions (A before, B after) and whether unchanged rates are listed. */
export const planDiffSearch = z.object({
  a: z.uuid().optional().catch(undefined),
  b: z.uuid().optional().catch(undefined),
  show: z.enum(["all"]).optional().catch(undefined),
});
/** The plan version editor's rate filters: search text, provider, and which condition's rates are shown. */
export const planEditSearch = z.object({
  q: z.string().max(200).optional().catch(undefined),
  provider: z.string().max(100).optional().catch(undefined),
  condition: z.string().max(120).optional().catch(undefined),
});
export type PlanEditSearch = z.infer<typeof planEditSearch>;
const pageNumber = z.coerce.number().int().min(1).max(100_000).optional().catch(undefined);

/** `/admin/billing-runs`: the page of runs (newest first). */
export const billingRunsSearch = z.object({ page: pageNumber });

export const BILLING_RUN_TENANT_FILTERS = ["failed", "pending", "closed"] as const;
/** `/admin/billing-runs/$runId`: its tenants' outcome filter and page. */
export const billingRunSearch = z.object({
  status: z.enum(BILLING_RUN_TENANT_FILTERS).optional().catch(undefined),
  page: pageNumber,
});

/**
 * `/admin/invoices`: status and tenant filters. The tenant filter is `for_tenant`, as on the audit log: `tenant` is
 * the tenant an operator is looking at, which the header's picker always sets, so it could never mean "every tenant".
 */
export const adminInvoicesSearch = z.object({
  status: z.enum(INVOICE_STATUS_FILTERS).optional().catch(undefined),
  for_tenant: z.uuid().optional().catch(undefined),
});

/** `/admin/catalog`: the search box (part of an id or display name, or an exact alias) and one provider. */
export const catalogSearch = z.object({
  q: z.string().min(1).max(200).optional().catch(undefined),
  provider: z.string().min(1).max(100).optional().catch(undefined),
});

/** `/admin/pipeline?queue=`: whose failed jobs the table lists (usage when absent). */
export const pipelineSearch = z.object({ queue: z.enum(FAILED_JOB_QUEUES).optional().catch(undefined) });

import { z } from "zod";
import { TOKEN_TYPES } from "@tollgate/domain";
import { RANGE_PRESET_IDS } from "./date-range.ts";

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

/** `/usage`: every control of the explorer; from/to (UTC days, both included) win over the preset when both are set. */
export const usageSearch = z.object({
  range: z.enum(RANGE_PRESET_IDS).optional().catch(undefined),
  from: isoDay.optional().catch(undefined),
  to: isoDay.optional().catch(undefined),
  granularity: z.enum(EXPLORE_GRANULARITIES).optional().catch(undefined),
  group_by: z.enum(EXPLORE_GROUP_BYS).optional().catch(undefined),
  metric: z.enum(EXPLORE_METRICS).optional().catch(undefined),
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

import { z } from "zod";
import { RANGE_PRESET_IDS } from "./date-range.ts";

// Search params come from URLs people type, share and bookmark: a malformed one falls back to its default
// (`.catch`) instead of breaking the page.

export const tenantSearch = z.object({ tenant: z.uuid().optional().catch(undefined) });

export const overviewSearch = z.object({ range: z.enum(RANGE_PRESET_IDS).optional().catch(undefined) });

export const INVOICE_STATUS_FILTERS = ["finalized", "paid", "void"] as const;
export const invoiceListSearch = z.object({ status: z.enum(INVOICE_STATUS_FILTERS).optional().catch(undefined) });

export const DELIVERY_STATUS_FILTERS = ["pending", "retrying", "succeeded", "failed"] as const;
export const webhooksSearch = z.object({ status: z.enum(DELIVERY_STATUS_FILTERS).optional().catch(undefined) });

export const ALERT_KINDS = [
  "budget.threshold_crossed",
  "credit.low",
  "credit.exhausted",
  "usage.unrated",
  "webhook.endpoint_disabled",
] as const;
export const alertsSearch = z.object({
  show: z.enum(["unread"]).optional().catch(undefined),
  kind: z.enum(ALERT_KINDS).optional().catch(undefined),
});

import { z } from "zod";

export const OVERRIDES_PATH = "/v1/admin/tenants/{tenantId}/overrides";

export const overrideOutput = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  starts_at: z.string(),
  ends_at: z.string().nullable(),
  discount_percent: z.string().nullable(),
  model_rates: z.record(z.string(), z.record(z.string(), z.string())),
  reason: z.string(),
  created_at: z.string(),
});

import { z } from "zod";

export const SUBSCRIPTIONS_PATH = "/v1/admin/tenants/{tenantId}/subscriptions";

export const subscriptionOutput = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  plan_version_id: z.uuid(),
  plan_id: z.uuid(),
  plan_code: z.string(),
  plan_name: z.string(),
  version: z.number().int(),
  version_status: z.enum(["draft", "published", "archived"]),
  currency: z.string(),
  starts_at: z.string(),
  ends_at: z.string().nullable().describe("exclusive; null = open-ended"),
  created_at: z.string(),
});

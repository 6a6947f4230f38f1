import { z } from "zod";
import { tenantIdParam, uuidParam } from "../admin-fields.ts";

export const GRANTS_PATH = "/v1/admin/tenants/{tenantId}/credit-grants";

export const grantParams = { tenantId: tenantIdParam, grantId: uuidParam("credit grant") };

export const creditGrantOutput = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  kind: z.enum(["paid", "promotional"]),
  amount: z.string(),
  currency: z.string(),
  priority: z.number().int(),
  reason: z.string(),
  granted_at: z.string(),
  expires_at: z.string().nullable(),
  voided_at: z.string().nullable(),
  used: z.string().describe("Σ credit_usage ledger entries referencing the grant"),
  expired: z.string().describe("Σ credit_expiry ledger entries referencing the grant (expiry or void)"),
  balance: z.string().describe("amount − used − expired, from the ledger"),
  status: z.enum(["active", "used_up", "expired", "voided"]),
});

import { createCreditGrant, listCreditGrants, voidCreditGrant } from "@tollgate/use-cases/credits";
import { creditGrantJson } from "@tollgate/trpc/wire";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiDeps } from "../../api-deps.ts";
import {
  changeContext,
  currency,
  decimalText,
  instant,
  parseAdmin,
  requiredReason,
  requiredReasonBody,
  requireOperatorKey,
  tenantParams,
  uuidParam,
} from "./admin-request.ts";

const GRANTS_PATH = "/v1/admin/tenants/:tenantId/credit-grants";

export const grantParams = z.object({ tenantId: uuidParam("tenant"), grantId: uuidParam("credit grant") });

export const createGrantBody = z.strictObject({
  kind: z.enum(["paid", "promotional"]),
  amount: decimalText.describe("> 0, exact decimal string"),
  currency,
  priority: z.number().int().min(-1_000_000).max(1_000_000).optional().describe("default 0"),
  expires_at: instant.nullable().optional().describe("in the future; default never"),
  reason: requiredReason,
});

export const creditGrantBody = z.object({
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
export const creditGrantsResponse = z.object({ credit_grants: z.array(creditGrantBody).describe("oldest first") });

/** Operator endpoints for a tenant's credit grants, with balances derived from the ledger. */
export function registerAdminCreditGrants(app: FastifyInstance, deps: ApiDeps): void {
  app.get(GRANTS_PATH, async (request) => {
    await requireOperatorKey(request, deps);
    const { tenantId } = parseAdmin(tenantParams, request.params, "path");
    const grants = await listCreditGrants(deps.db, tenantId);
    const response: z.infer<typeof creditGrantsResponse> = { credit_grants: grants.map(creditGrantJson) };
    return response;
  });

  app.post(GRANTS_PATH, async (request, reply) => {
    const actor = await requireOperatorKey(request, deps);
    const { tenantId } = parseAdmin(tenantParams, request.params, "path");
    const body = parseAdmin(createGrantBody, request.body, "body");
    const grant = await createCreditGrant(
      deps.db,
      tenantId,
      {
        kind: body.kind,
        amount: body.amount,
        currency: body.currency,
        priority: body.priority,
        expiresAt: body.expires_at,
      },
      changeContext(actor, body.reason),
    );
    const response: z.infer<typeof creditGrantBody> = creditGrantJson(grant);
    return reply.status(201).send(response);
  });

  app.post(`${GRANTS_PATH}/:grantId/void`, async (request) => {
    const actor = await requireOperatorKey(request, deps);
    const { tenantId, grantId } = parseAdmin(grantParams, request.params, "path");
    const body = parseAdmin(requiredReasonBody, request.body, "body");
    const grant = await voidCreditGrant(deps.db, tenantId, grantId, changeContext(actor, body.reason));
    const response: z.infer<typeof creditGrantBody> = creditGrantJson(grant);
    return response;
  });
}

import { createTenantOverride, endTenantOverride, listTenantOverrides } from "@tollgate/use-cases/overrides";
import { tenantOverrideJson } from "@tollgate/trpc/wire";
import { tenantOverrideSchema } from "@tollgate/domain";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiDeps } from "../../api-deps.ts";
import { sweepAfterPriceChange } from "../request-rating-sweep.ts";
import {
  changeContext,
  instant,
  parseAdmin,
  requiredReason,
  requireOperatorKey,
  tenantParams,
  uuidParam,
} from "./admin-request.ts";

const OVERRIDES_PATH = "/v1/admin/tenants/:tenantId/overrides";

export const overrideParams = z.object({ tenantId: uuidParam("tenant"), overrideId: uuidParam("override") });

export const createOverrideBody = z.strictObject({
  starts_at: instant,
  ends_at: instant.nullable().optional().describe("exclusive end; default none (open-ended)"),
  discount_percent: tenantOverrideSchema.shape.discount_percent.describe(
    "0-100 off every charge, decimal string; null or absent for none",
  ),
  model_rates: tenantOverrideSchema.shape.model_rates.describe(
    '{"<model id or glob>": {"<token type>": "<price per 1M tokens>"}}: custom rates for chosen models',
  ),
  reason: requiredReason,
});

export const endOverrideBody = z.strictObject({
  ends_at: instant.optional().describe("default now; after the override's start and before its current end"),
  reason: requiredReason,
});

export const overrideBody = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  starts_at: z.string(),
  ends_at: z.string().nullable(),
  discount_percent: z.string().nullable(),
  model_rates: z.record(z.string(), z.record(z.string(), z.string())),
  reason: z.string(),
  created_at: z.string(),
});
export const overridesResponse = z.object({ overrides: z.array(overrideBody).describe("by start") });

/** Operator endpoints for a tenant's dated price overrides (discount %, custom model rates); never overlapping. */
export function registerAdminTenantOverrides(app: FastifyInstance, deps: ApiDeps): void {
  app.get(OVERRIDES_PATH, async (request) => {
    await requireOperatorKey(request, deps);
    const { tenantId } = parseAdmin(tenantParams, request.params, "path");
    const overrides = await listTenantOverrides(deps.db, tenantId);
    const response: z.infer<typeof overridesResponse> = { overrides: overrides.map(tenantOverrideJson) };
    return response;
  });

  app.post(OVERRIDES_PATH, async (request, reply) => {
    const actor = await requireOperatorKey(request, deps);
    const { tenantId } = parseAdmin(tenantParams, request.params, "path");
    const body = parseAdmin(createOverrideBody, request.body, "body");
    const override = await createTenantOverride(
      deps.db,
      tenantId,
      {
        startsAt: body.starts_at,
        endsAt: body.ends_at,
        discountPercent: body.discount_percent,
        modelRates: body.model_rates,
      },
      changeContext(actor, body.reason),
    );
    await sweepAfterPriceChange(deps, request.log, tenantId);
    const response: z.infer<typeof overrideBody> = tenantOverrideJson(override);
    return reply.status(201).send(response);
  });

  app.post(`${OVERRIDES_PATH}/:overrideId/end`, async (request) => {
    const actor = await requireOperatorKey(request, deps);
    const { tenantId, overrideId } = parseAdmin(overrideParams, request.params, "path");
    const body = parseAdmin(endOverrideBody, request.body, "body");
    const override = await endTenantOverride(
      deps.db,
      tenantId,
      overrideId,
      { endsAt: body.ends_at },
      changeContext(actor, body.reason),
    );
    const response: z.infer<typeof overrideBody> = tenantOverrideJson(override);
    return response;
  });
}

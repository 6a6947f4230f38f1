import { createTenantOverride } from "@tollgate/use-cases/overrides";
import { tenantOverrideJson } from "../../wire/index.ts";
import { tenantOverrideSchema } from "@tollgate/domain";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { instant, requiredReason, tenantIdParam } from "../admin-fields.ts";
import { OVERRIDES_PATH, overrideOutput } from "./override-schemas.ts";

/** Adds a dated override (discount %, custom model rates); requests the tenant's re-rating (operator, audited). */
export const createOverrideOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: OVERRIDES_PATH,
      status: 201,
      summary: "Add a dated override: discount % and/or custom rates for chosen models (operator, audited)",
      description: "reason is required. 409 when it overlaps another of the tenant's overrides.",
      responseDescription: "the override",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(
    z.strictObject({
      tenantId: tenantIdParam,
      starts_at: instant,
      ends_at: instant.nullable().optional().describe("exclusive end; default none (open-ended)"),
      discount_percent: tenantOverrideSchema.shape.discount_percent.describe(
        "0-100 off every charge, decimal string; null or absent for none",
      ),
      model_rates: tenantOverrideSchema.shape.model_rates.describe(
        '{"<model id or glob>": {"<token type>": "<price per 1M tokens>"}}: custom rates for chosen models',
      ),
      reason: requiredReason,
    }),
  )
  .output(overrideOutput)
  .mutation(async ({ ctx, input }) => {
    const override = await createTenantOverride(
      ctx.db,
      input.tenantId,
      {
        startsAt: input.starts_at,
        endsAt: input.ends_at,
        discountPercent: input.discount_percent,
        modelRates: input.model_rates,
      },
      { actor: ctx.actor, reason: input.reason },
      { ratingSweeps: ctx.ratingSweeps },
    );
    return tenantOverrideJson(override);
  });

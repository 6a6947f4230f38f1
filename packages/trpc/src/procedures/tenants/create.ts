import { storedText } from "@tollgate/domain";
import { createTenant } from "@tollgate/use-cases/tenants";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";

const createdTenantOutput = z.object({
  tenant: z.object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    createdAt: z.string(),
    billingAnchorDay: z.number().int(),
  }),
  apiKey: z.object({
    id: z.uuid(),
    prefix: z.string(),
    scopes: z.array(z.string()),
    /** Shown once; only its hash is stored. */
    secret: z.string(),
  }),
});

/** Creates a tenant and its first ingest+read API key (operator, audited). Output keeps its camelCase shape. */
export const createTenantOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: "/v1/admin/tenants",
      status: 201,
      bodyRequired: true,
      summary: "Create a tenant and its first ingest+read API key (admin scope)",
      responseDescription: "created; the key's secret is shown only here",
      errors: [400, 401, 403],
    },
  })
  .input(
    z.strictObject({
      name: storedText(200).trim().min(1),
      billing_anchor_day: z
        .number()
        .int()
        .min(1)
        .max(31)
        .optional()
        .describe("day of the month billing periods start on, 00:00 UTC (short months: their last day); default 1"),
    }),
  )
  .output(createdTenantOutput)
  .mutation(async ({ ctx, input }) => {
    const { tenant, apiKey, plaintext } = await createTenant(
      ctx.db,
      { name: input.name, billingAnchorDay: input.billing_anchor_day },
      ctx.actor,
    );
    return {
      tenant: {
        id: tenant.id,
        name: tenant.name,
        slug: tenant.slug,
        createdAt: tenant.createdAt.toISOString(),
        billingAnchorDay: tenant.billingAnchorDay,
      },
      apiKey: { id: apiKey.id, prefix: apiKey.prefix, scopes: apiKey.scopes, secret: plaintext },
    };
  });

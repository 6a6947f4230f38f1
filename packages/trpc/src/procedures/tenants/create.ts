import { storedText } from "@tollgate/domain";
import { createTenant } from "@tollgate/use-cases/tenants";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";

const createdTenantOutput = z.object({
  tenant: z.object({ id: z.uuid(), name: z.string(), slug: z.string(), createdAt: z.string() }),
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
  .input(z.strictObject({ name: storedText(200).trim().min(1) }))
  .output(createdTenantOutput)
  .mutation(async ({ ctx, input }) => {
    const { tenant, apiKey, plaintext } = await createTenant(ctx.db, input, ctx.actor);
    return {
      tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug, createdAt: tenant.createdAt.toISOString() },
      apiKey: { id: apiKey.id, prefix: apiKey.prefix, scopes: apiKey.scopes, secret: plaintext },
    };
  });

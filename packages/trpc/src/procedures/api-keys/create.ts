import { actorOf } from "@tollgate/use-cases/access";
import { createTenantApiKey, TENANT_KEY_SCOPES } from "@tollgate/use-cases/api-keys";
import { z } from "zod";
import { issuedApiKeyOutput, toApiKeyOutput } from "./api-key-schemas.ts";
import { tenantWriteProcedure } from "../../trpc.ts";

/** Issues a tenant API key; the secret is in this response only. */
export const createApiKey = tenantWriteProcedure
  .input(
    z.object({
      name: z.string().trim().min(1).max(100),
      scopes: z.array(z.enum(TENANT_KEY_SCOPES)).min(1),
      /** Must be in the future; absent or null: never expires. */
      expiresAt: z.iso.datetime({ offset: true }).nullish(),
    }),
  )
  .output(issuedApiKeyOutput)
  .mutation(async ({ ctx, input }) => {
    const issued = await createTenantApiKey(ctx.db, {
      tenantId: ctx.tenantId,
      name: input.name,
      scopes: input.scopes,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      actor: actorOf(ctx.user),
    });
    return { apiKey: toApiKeyOutput(issued.apiKey), secret: issued.secret };
  });

import { actorOf } from "@tollgate/use-cases/access";
import { newApiKeySchema } from "@tollgate/domain";
import { createTenantApiKey } from "@tollgate/use-cases/api-keys";
import { issuedApiKeyOutput, toApiKeyOutput } from "./api-key-schemas.ts";
import { tenantWriteProcedure } from "../../trpc.ts";

/** Issues a tenant API key; the secret is in this response only. */
export const createApiKey = tenantWriteProcedure
  // The console's create form validates with the same schema; an expiry must also be in the future (use case).
  .input(newApiKeySchema)
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

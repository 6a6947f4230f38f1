import { listTenantApiKeys } from "@tollgate/use-cases/api-keys";
import { z } from "zod";
import { tenantReadProcedure } from "../../trpc.ts";
import { apiKeyOutput, toApiKeyOutput } from "./api-key-schemas.ts";

/** The tenant's API keys, revoked and expired ones included; never a secret. Any role of the tenant may list. */
export const listApiKeys = tenantReadProcedure.output(z.array(apiKeyOutput)).query(async ({ ctx }) => {
  const keys = await listTenantApiKeys(ctx.db, ctx.tenantId);
  return keys.map(toApiKeyOutput);
});

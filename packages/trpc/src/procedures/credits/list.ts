import { listCreditGrants } from "@tollgate/use-cases/credits";
import { z } from "zod";
import { creditGrantJson } from "../../wire/index.ts";
import { tenantReadProcedure } from "../../trpc.ts";
import { creditGrantOutput } from "../credit-grants/credit-grant-schemas.ts";

/**
 * The tenant's credit grants, oldest first: kind, reason, original amount, what is used, expired and left (from the
 * ledger), expiry and status. The same shape as the operators' REST list. Any role of the tenant may read it.
 */
export const listTenantCredits = tenantReadProcedure
  .output(z.object({ tenant_id: z.uuid(), credit_grants: z.array(creditGrantOutput) }))
  .query(async ({ ctx }) => ({
    tenant_id: ctx.tenantId,
    credit_grants: (await listCreditGrants(ctx.db, ctx.tenantId)).map(creditGrantJson),
  }));

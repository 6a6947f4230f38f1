import { deleteIngestMapping } from "@tollgate/use-cases/ingest-mappings";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { optionalReason } from "../admin-fields.ts";
import { MAPPINGS_PATH, mappingsTenantId } from "./ingest-mapping-schemas.ts";

/** Deletes one of the tenant's mappings (operator). */
export const deleteIngestMappingOperation = operatorOperation
  .meta({
    rest: {
      method: "DELETE",
      path: `${MAPPINGS_PATH}/{id}`,
      status: 204,
      summary: "Delete one of the tenant's mappings (admin scope, audited)",
      responseDescription: "deleted",
      errors: [400, 401, 403, 404],
    },
  })
  // Not strict: the query string of this DELETE was never checked, and unknown parameters stay ignored.
  .input(z.object({ tenantId: mappingsTenantId, id: z.uuid("must be a mapping id (uuid)"), reason: optionalReason }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    await deleteIngestMapping(ctx.db, input.tenantId, input.id, { actor: ctx.actor, reason: input.reason });
  });

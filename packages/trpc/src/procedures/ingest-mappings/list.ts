import { listIngestMappings } from "@tollgate/use-cases/ingest-mappings";
import { INGEST_MAPPING_SOURCES } from "@tollgate/domain";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { mappingJson, mappingOutput, MAPPINGS_PATH, mappingsTenantId } from "./ingest-mapping-schemas.ts";

/** A tenant's Lago / Stripe compatibility mappings (operator). */
export const listIngestMappingsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: MAPPINGS_PATH,
      summary: "List a tenant's Lago / Stripe compatibility mappings (admin scope)",
      responseDescription: "mappings",
      errors: [400, 401, 403],
    },
  })
  .input(
    z.strictObject({
      tenantId: mappingsTenantId,
      source: z.enum(INGEST_MAPPING_SOURCES).optional().describe("only this source's mappings"),
    }),
  )
  .output(z.object({ mappings: z.array(mappingOutput) }))
  .query(async ({ ctx, input }) => ({
    mappings: (await listIngestMappings(ctx.db, input.tenantId, input.source)).map(mappingJson),
  }));

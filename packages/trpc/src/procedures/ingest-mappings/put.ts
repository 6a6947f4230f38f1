import { putIngestMapping } from "@tollgate/use-cases/ingest-mappings";
import { INGEST_MAPPING_SOURCES, ingestMappingKeySchema, storedJsonObject } from "@tollgate/domain";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { optionalReason } from "../admin-fields.ts";
import { mappingJson, mappingOutput, MAPPINGS_PATH, mappingsTenantId } from "./ingest-mapping-schemas.ts";

/** Creates or replaces the mapping of one Lago code or Stripe meter event name (operator). */
export const putIngestMappingOperation = operatorOperation
  .meta({
    rest: {
      method: "PUT",
      path: `${MAPPINGS_PATH}/{source}/{key}`,
      summary: "Create or replace the mapping of one Lago code or Stripe meter event name (admin scope, audited)",
      description:
        'Lago: {"model": {"property": "model"} | {"value": "<model>"}, "tokens": {"input": "<property>", ...}}. ' +
        'Stripe: {"model": ..., "token_type": "input"|"output"|..., "value_key"?: "value", "customer_key"?: ' +
        '"stripe_customer_id"}. Ingest applies a change within 5 s.',
      responseDescription: "the stored mapping",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      tenantId: mappingsTenantId,
      source: z.enum(INGEST_MAPPING_SOURCES),
      key: ingestMappingKeySchema.describe("Lago billable metric code or Stripe meter event name"),
      config: storedJsonObject.describe("Lago or Stripe mapping config (see the ingest OpenAPI document)"),
      reason: optionalReason,
    }),
  )
  .output(mappingOutput)
  .mutation(async ({ ctx, input }) => {
    const { reason, ...mapping } = input;
    return mappingJson(await putIngestMapping(ctx.db, mapping, { actor: ctx.actor, reason }));
  });

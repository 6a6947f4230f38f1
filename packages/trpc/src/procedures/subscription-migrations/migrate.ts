import { migrateSubscriptions } from "@tollgate/use-cases/subscriptions";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { instant, optionalReason, uuidParam } from "../admin-fields.ts";
import { migrationJson, migrationOutput } from "./migration-schemas.ts";

export const MAX_MIGRATION_TENANTS = 10_000;

/**
 * Moves tenants from one plan version to another at an instant, or previews it (operator, audited); a real run's
 * use case requests the re-rating of the tenants moved.
 */
export const migrateSubscriptionsOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: "/v1/admin/subscription-migrations",
      summary: "Move tenants from one plan version to another at an instant, or preview it (operator, audited)",
      description:
        "dry_run true: lists the affected tenants with the current UTC month's usage so far (hourly rollups, " +
        "tokens per model) priced exactly under both versions' explicit per-model base rates; models without " +
        "a base rate are listed as unpriced, never counted as zero (markups, rules, tiers, allowances and " +
        "overrides are not applied). dry_run false: applies it in one transaction with one audit entry per " +
        "tenant; any tenant that cannot move (409 naming it) refuses the whole run.",
      responseDescription: "the preview, or the applied migration",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(
    z.strictObject({
      from_version_id: uuidParam("plan version").describe("the version the tenants are on at `at`"),
      to_version_id: uuidParam("plan version").describe("a published version, effective at `at`"),
      at: instant.describe("when the tenants move: their current subscription ends, one on the target version starts"),
      tenant_ids: z
        .array(uuidParam("tenant"))
        .min(1)
        .max(MAX_MIGRATION_TENANTS)
        .optional()
        .describe("only these tenants (each must be on from_version at `at`); default every tenant on it then"),
      dry_run: z.boolean().describe("true: preview only, nothing changes; false: apply (one transaction)"),
      reason: optionalReason,
    }),
  )
  .output(migrationOutput)
  .mutation(async ({ ctx, input }) => {
    const result = await migrateSubscriptions(
      ctx.db,
      {
        fromVersionId: input.from_version_id,
        toVersionId: input.to_version_id,
        at: input.at,
        tenantIds: input.tenant_ids,
        dryRun: input.dry_run,
      },
      { actor: ctx.actor, reason: input.reason },
      { ratingSweeps: ctx.ratingSweeps },
    );
    return migrationJson(result);
  });

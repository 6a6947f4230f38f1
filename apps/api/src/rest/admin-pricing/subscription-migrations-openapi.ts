import { errors, json } from "../openapi-helpers.ts";
import { migrationBody, migrationResponse } from "./subscription-migrations.ts";

/** OpenAPI entry of the bulk subscription migration endpoint. */
export function subscriptionMigrationsOpenApiPaths() {
  return {
    "/v1/admin/subscription-migrations": {
      post: {
        summary: "Move tenants from one plan version to another at an instant, or preview it (operator, audited)",
        description:
          "dry_run true: lists the affected tenants with the current UTC month's usage so far (hourly rollups, " +
          "tokens per model) priced exactly under both versions' explicit per-model base rates; models without " +
          "a base rate are listed as unpriced, never counted as zero (markups, rules, tiers, allowances and " +
          "overrides are not applied). dry_run false: applies it in one transaction with one audit entry per " +
          "tenant; any tenant that cannot move (409 naming it) refuses the whole run.",
        requestBody: { required: true, content: json(migrationBody) },
        responses: {
          "200": { description: "the preview, or the applied migration", content: json(migrationResponse) },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
  };
}

import {
  migrateSubscriptions,
  type SubscriptionMigrationResult,
  type VersionTotal,
} from "@tollgate/use-cases/subscriptions";
import { TOKEN_TYPES } from "@tollgate/domain";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiDeps } from "../../api-deps.ts";
import { sweepAfterPriceChange } from "../request-rating-sweep.ts";
import { changeContext, instant, optionalReason, parseAdmin, requireOperatorKey, uuidParam } from "./admin-request.ts";

export const MAX_MIGRATION_TENANTS = 10_000;

export const migrationBody = z.strictObject({
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
});

const amountText = z.string().describe("exact decimal string");
const versionTotalBody = z.object({
  version_id: z.uuid(),
  currency: z.string(),
  amount: amountText.describe("Σ of the priced models, exact, under the version's explicit base rates"),
  unpriced_models: z.array(z.string()).describe("models with usage the version has no base rate for (not in amount)"),
});
const tokenCountsBody = z.object(
  Object.fromEntries(TOKEN_TYPES.map((type) => [type, z.string().describe("token count as a decimal string")])),
);
export const migrationResponse = z.object({
  dry_run: z.boolean(),
  from_version_id: z.uuid(),
  to_version_id: z.uuid(),
  at: z.string(),
  period: z
    .object({ from: z.string(), to: z.string() })
    .describe("the current billing period (UTC month) whose usage so far is priced"),
  tenants: z.array(
    z.object({
      tenant_id: z.uuid(),
      tenant_name: z.string(),
      subscription_id: z.uuid().describe("the subscription on from_version that is (or would be) closed at `at`"),
      new_subscription_id: z.uuid().nullable().describe("the subscription created on to_version; null in a dry run"),
      models: z.array(
        z.object({
          model_id: z.string(),
          tokens: tokenCountsBody,
          current_amount: amountText.nullable().describe("null: unpriced under from_version"),
          target_amount: amountText.nullable().describe("null: unpriced under to_version"),
        }),
      ),
      current: versionTotalBody,
      target: versionTotalBody,
      difference: amountText.nullable().describe("target − current when both use one currency, else null"),
    }),
  ),
});

function totalJson(total: VersionTotal): z.infer<typeof versionTotalBody> {
  return {
    version_id: total.versionId,
    currency: total.currency,
    amount: total.amount,
    unpriced_models: total.unpricedModels,
  };
}

function toBody(result: SubscriptionMigrationResult): z.infer<typeof migrationResponse> {
  return {
    dry_run: result.dryRun,
    from_version_id: result.fromVersionId,
    to_version_id: result.toVersionId,
    at: result.at.toISOString(),
    period: { from: result.period.from.toISOString(), to: result.period.to.toISOString() },
    tenants: result.tenants.map((tenant) => ({
      tenant_id: tenant.tenantId,
      tenant_name: tenant.tenantName,
      subscription_id: tenant.subscriptionId,
      new_subscription_id: tenant.newSubscriptionId,
      models: tenant.models.map((model) => ({
        model_id: model.modelId,
        tokens: Object.fromEntries(TOKEN_TYPES.map((type) => [type, model.tokens[type].toString()])),
        current_amount: model.currentAmount,
        target_amount: model.targetAmount,
      })),
      current: totalJson(tenant.current),
      target: totalJson(tenant.target),
      difference: tenant.difference,
    })),
  };
}

/** Operator endpoint to move tenants between plan versions in bulk, with a dry-run preview of the effect. */
export function registerAdminSubscriptionMigrations(app: FastifyInstance, deps: ApiDeps): void {
  app.post("/v1/admin/subscription-migrations", async (request) => {
    const actor = await requireOperatorKey(request, deps);
    const body = parseAdmin(migrationBody, request.body, "body");
    const result = await migrateSubscriptions(
      deps.db,
      {
        fromVersionId: body.from_version_id,
        toVersionId: body.to_version_id,
        at: body.at,
        tenantIds: body.tenant_ids,
        dryRun: body.dry_run,
      },
      changeContext(actor, body.reason),
    );
    if (!result.dryRun && result.tenants.length > 0) {
      // One tenant's sweep when one moved; otherwise one sweep of all rather than a job per tenant.
      const [only] = result.tenants;
      await sweepAfterPriceChange(deps, request.log, result.tenants.length === 1 ? only?.tenantId : undefined);
    }
    return toBody(result);
  });
}

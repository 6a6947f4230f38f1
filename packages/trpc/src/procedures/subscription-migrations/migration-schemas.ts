import type { SubscriptionMigrationResult, VersionTotal } from "@tollgate/use-cases/subscriptions";
import { TOKEN_TYPES } from "@tollgate/domain";
import { z } from "zod";

const amountText = z.string().describe("exact decimal string");
const versionTotalOutput = z.object({
  version_id: z.uuid(),
  currency: z.string(),
  amount: amountText.describe("Σ of the priced models, exact, under the version's explicit base rates"),
  unpriced_models: z.array(z.string()).describe("models with usage the version has no base rate for (not in amount)"),
});
const tokenCountsOutput = z.object(
  Object.fromEntries(TOKEN_TYPES.map((type) => [type, z.string().describe("token count as a decimal string")])),
);

export const migrationOutput = z.object({
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
          tokens: tokenCountsOutput,
          current_amount: amountText.nullable().describe("null: unpriced under from_version"),
          target_amount: amountText.nullable().describe("null: unpriced under to_version"),
        }),
      ),
      current: versionTotalOutput,
      target: versionTotalOutput,
      difference: amountText.nullable().describe("target − current when both use one currency, else null"),
    }),
  ),
});

function totalJson(total: VersionTotal): z.infer<typeof versionTotalOutput> {
  return {
    version_id: total.versionId,
    currency: total.currency,
    amount: total.amount,
    unpriced_models: total.unpricedModels,
  };
}

/** The migration's wire shape (snake_case, token counts as decimal strings). */
export function migrationJson(result: SubscriptionMigrationResult): z.infer<typeof migrationOutput> {
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

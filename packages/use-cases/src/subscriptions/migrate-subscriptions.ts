import { randomUUID } from "node:crypto";
import {
  AppError,
  money,
  rateTokens,
  sumMoney,
  toDecimalString,
  TOKEN_TYPES,
  type ModelRates,
  type Money,
  type TokenCounts,
  type TokenType,
} from "@tollgate/domain";
import type { DbOrTx, DbTx } from "@tollgate/db";
import { writeAuditLogs } from "../audit/write-audit-log.ts";
import { inTransaction, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import type { PricingPorts } from "../pricing/rating-sweeps.ts";
import {
  requireSubscribableVersion,
  subscriptionAuditRecord,
  subscriptionViews,
  tenantsWithRatedUsageSince,
} from "./subscription-row.ts";
import { noteCurrencySwitchedDays, usageDayCurrencies } from "./currency-switched-days.ts";

export interface SubscriptionMigrationInput {
  fromVersionId: string;
  toVersionId: string;
  /** The instant the tenants move: their subscription on the old version ends, one on the new version starts. */
  at: Date;
  /** Only these tenants (each must be on fromVersion at `at`); default every tenant on it then. */
  tenantIds?: readonly string[] | undefined;
  /** true: compute and return the preview, change nothing. */
  dryRun: boolean;
}

export interface MigrationOptions {
  /** Decides the current billing period (the UTC calendar month holding it) for the preview; default now. */
  now?: Date;
}

export interface VersionTotal {
  versionId: string;
  currency: string;
  /** Σ of the priced models' amounts, exact. */
  amount: string;
  /** Models with usage but no explicit base rate for a token type they used (left out of `amount`). */
  unpricedModels: string[];
}

export interface ModelUsagePreview {
  modelId: string;
  tokens: Record<TokenType, bigint>;
  /** Exact amount under each version's explicit base rates; null when that version has no price for the usage. */
  currentAmount: string | null;
  targetAmount: string | null;
}

export interface TenantMigrationPreview {
  tenantId: string;
  tenantName: string;
  /** The subscription on fromVersion that is (or would be) closed at `at`. */
  subscriptionId: string;
  /** The subscription created on toVersion (real runs only). */
  newSubscriptionId: string | null;
  models: ModelUsagePreview[];
  current: VersionTotal;
  target: VersionTotal;
  /** target − current when both versions use one currency, else null. */
  difference: string | null;
}

export interface SubscriptionMigrationResult {
  dryRun: boolean;
  fromVersionId: string;
  toVersionId: string;
  at: Date;
  /** The period whose usage so far is priced: [from, to). */
  period: { from: Date; to: Date };
  tenants: TenantMigrationPreview[];
}

interface Candidate {
  subscriptionId: string;
  tenantId: string;
  tenantName: string;
  endsAt: Date | null;
}

const MAX_LISTED = 20;

function listed(ids: readonly string[]): string {
  return ids.slice(0, MAX_LISTED).join(", ") + (ids.length > MAX_LISTED ? ` and ${ids.length - MAX_LISTED} more` : "");
}

/** The UTC calendar month holding `now`: [first instant, first instant of the next month). */
export function monthPeriod(now: Date): { from: Date; to: Date } {
  return {
    from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
  };
}

async function findCandidates(
  tx: DbTx,
  fromVersionId: string,
  at: Date,
  tenantIds: readonly string[] | undefined,
): Promise<Candidate[]> {
  const rows = await tx.$queryRaw<{ id: string; tenant_id: string; tenant_name: string; ends_at: Date | null }[]>`
    SELECT s.id::text AS id, s.tenant_id::text AS tenant_id, t.name AS tenant_name, s.ends_at
      FROM subscriptions s JOIN tenants t ON t.id = s.tenant_id
     WHERE s.plan_version_id = ${fromVersionId}::uuid AND s.starts_at < ${at}
       AND (s.ends_at IS NULL OR s.ends_at > ${at})
       AND (${tenantIds === undefined} OR s.tenant_id = ANY(${[...(tenantIds ?? [])]}::uuid[]))
     ORDER BY s.tenant_id`;
  return rows.map((row) => ({
    subscriptionId: row.id,
    tenantId: row.tenant_id,
    tenantName: row.tenant_name,
    endsAt: row.ends_at,
  }));
}

/** Explicit base rates (condition '') of the versions for the models, keyed "<version>\0<model>". */
async function baseRates(
  tx: DbTx,
  versionIds: readonly string[],
  modelIds: readonly string[],
): Promise<Map<string, ModelRates>> {
  const rates = new Map<string, ModelRates>();
  if (modelIds.length === 0) return rates;
  const rows = await tx.$queryRaw<{ version_id: string; model_id: string; token_type: TokenType; price: string }[]>`
    SELECT plan_version_id::text AS version_id, model_id, token_type::text AS token_type,
           price_per_million::text AS price
      FROM plan_rates
     WHERE plan_version_id = ANY(${[...versionIds]}::uuid[]) AND condition = ''
       AND model_id = ANY(${[...modelIds]}::text[])`;
  for (const row of rows) {
    const key = `${row.version_id}\u0000${row.model_id}`;
    const modelRates = rates.get(key) ?? {};
    modelRates[row.token_type] = money(row.price);
    rates.set(key, modelRates);
  }
  return rates;
}

interface UsageRow {
  tenant_id: string;
  model_id: string;
  input: string;
  cached_input: string;
  cache_write: string;
  output: string;
  reasoning: string;
}

async function periodUsage(tx: DbTx, tenantIds: readonly string[], period: { from: Date; to: Date }) {
  if (tenantIds.length === 0) return [];
  return tx.$queryRaw<UsageRow[]>`
    SELECT tenant_id::text AS tenant_id, model_id,
           sum(input_tokens)::text AS input, sum(cached_input_tokens)::text AS cached_input,
           sum(cache_write_tokens)::text AS cache_write, sum(output_tokens)::text AS output,
           sum(reasoning_tokens)::text AS reasoning
      FROM usage_rollups_hourly
     WHERE tenant_id = ANY(${[...tenantIds]}::uuid[]) AND hour >= ${period.from} AND hour < ${period.to}
     GROUP BY tenant_id, model_id
     ORDER BY tenant_id, model_id`;
}

function priceUnder(tokens: TokenCounts, rates: ModelRates | undefined): Money | null {
  const result = rateTokens(tokens, rates);
  return result.status === "rated" ? result.amount : null;
}

function versionTotal(versionId: string, currency: string, amounts: (Money | null)[], models: string[]): VersionTotal {
  return {
    versionId,
    currency,
    amount: toDecimalString(sumMoney(amounts.filter((amount): amount is Money => amount !== null))),
    unpricedModels: models.filter((_model, index) => amounts[index] === null),
  };
}

/**
 * Moves tenants from one plan version to another at `at`, or (dryRun) previews doing so. The preview lists each
 * affected tenant with the current period's usage so far (tokens per model from the hourly rollups) priced under
 * both versions' explicit per-model base rates, exactly; models a version has no base rate for are listed as
 * unpriced, not counted as zero. Markups, rules, tiers, allowances and overrides are not applied: it compares list
 * prices.
 *
 * A real run applies the same checks as assignSubscription to every tenant, then in one transaction closes each
 * tenant's subscription at `at`, starts one on the target version (keeping the old end, if any), and writes one
 * audit entry per tenant; days with usage whose currency the move switches are noted for the analytics refresh
 * (usage_rollup_changes) in that transaction. Any refused tenant refuses the whole run (`conflict` naming them);
 * nothing changes.
 */
export async function migrateSubscriptions(
  db: DbOrTx,
  input: SubscriptionMigrationInput,
  context: ChangeContext,
  options: MigrationOptions & PricingPorts = {},
): Promise<SubscriptionMigrationResult> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  if (input.fromVersionId === input.toVersionId) {
    throw new AppError("bad_request", "to_version_id: must differ from from_version_id");
  }
  const tenantIds = input.tenantIds === undefined ? undefined : [...new Set(input.tenantIds)].sort();
  if (tenantIds?.length === 0) throw new AppError("bad_request", "tenant_ids: must not be empty when given");
  const period = monthPeriod(options.now ?? new Date());
  const result = await inTransaction(db, async (tx) => {
    const from = await tx.planVersion.findUnique({ where: { id: input.fromVersionId } });
    if (!from) throw new AppError("not_found", `no plan version ${input.fromVersionId}`);
    const to = await requireSubscribableVersion(tx, input.toVersionId, input.at, "at");

    // A real run locks the tenants in id order before reading their subscriptions.
    const lockIds = input.dryRun
      ? []
      : (tenantIds ?? (await findCandidates(tx, from.id, input.at, undefined)).map((c) => c.tenantId));
    if (lockIds.length > 0) {
      await tx.$queryRaw`SELECT id FROM tenants WHERE id = ANY(${lockIds}::uuid[]) ORDER BY id FOR NO KEY UPDATE`;
    }
    const candidates = await findCandidates(tx, from.id, input.at, tenantIds);
    const candidateIds = candidates.map((candidate) => candidate.tenantId);
    if (!input.dryRun && tenantIds === undefined) {
      // Tenants subscribed between the first read and the lock: lock them too (rare; same id order).
      const locked = new Set(lockIds);
      const extra = candidateIds.filter((id) => !locked.has(id));
      if (extra.length > 0) {
        await tx.$queryRaw`SELECT id FROM tenants WHERE id = ANY(${extra}::uuid[]) ORDER BY id FOR NO KEY UPDATE`;
      }
    }
    if (tenantIds) {
      const found = new Set(candidateIds);
      const missing = tenantIds.filter((id) => !found.has(id));
      if (missing.length > 0) {
        throw new AppError(
          "conflict",
          `not subscribed to version ${from.version} at ${input.at.toISOString()} (or no such tenant): ${listed(missing)}`,
        );
      }
    }
    const later = await tx.$queryRaw<{ tenant_id: string }[]>`
      SELECT DISTINCT tenant_id::text AS tenant_id FROM subscriptions
       WHERE tenant_id = ANY(${candidateIds}::uuid[]) AND starts_at >= ${input.at} ORDER BY 1`;
    if (later.length > 0) {
      throw new AppError(
        "conflict",
        `these tenants have a subscription starting at or after ${input.at.toISOString()}: ` +
          listed(later.map((row) => row.tenant_id)),
      );
    }
    const rated = await tenantsWithRatedUsageSince(tx, candidateIds, input.at, to.id);
    if (rated.length > 0) {
      throw new AppError(
        "conflict",
        `these tenants have usage at or after ${input.at.toISOString()} already rated under another version ` +
          `(choose a later at): ${listed(rated)}`,
      );
    }

    const usage = await periodUsage(tx, candidateIds, period);
    const rates = await baseRates(tx, [from.id, to.id], [...new Set(usage.map((row) => row.model_id))]);
    const fromCurrency = from.currency.trim();
    const toCurrency = to.currency.trim();
    const newSubscriptionIds = new Map(candidates.map((c) => [c.tenantId, input.dryRun ? null : randomUUID()]));
    const tenants = candidates.map((candidate): TenantMigrationPreview => {
      const rows = usage.filter((row) => row.tenant_id === candidate.tenantId);
      const models = rows.map((row): ModelUsagePreview => {
        const tokens = Object.fromEntries(TOKEN_TYPES.map((type) => [type, BigInt(row[type])])) as TokenCounts;
        const current = priceUnder(tokens, rates.get(`${from.id}\u0000${row.model_id}`));
        const target = priceUnder(tokens, rates.get(`${to.id}\u0000${row.model_id}`));
        return {
          modelId: row.model_id,
          tokens,
          currentAmount: current ? toDecimalString(current) : null,
          targetAmount: target ? toDecimalString(target) : null,
        };
      });
      const modelIds = models.map((model) => model.modelId);
      const current = versionTotal(
        from.id,
        fromCurrency,
        models.map((model) => (model.currentAmount === null ? null : money(model.currentAmount))),
        modelIds,
      );
      const target = versionTotal(
        to.id,
        toCurrency,
        models.map((model) => (model.targetAmount === null ? null : money(model.targetAmount))),
        modelIds,
      );
      return {
        tenantId: candidate.tenantId,
        tenantName: candidate.tenantName,
        subscriptionId: candidate.subscriptionId,
        newSubscriptionId: newSubscriptionIds.get(candidate.tenantId) ?? null,
        models,
        current,
        target,
        difference:
          fromCurrency === toCurrency ? toDecimalString(money(target.amount).minus(money(current.amount))) : null,
      };
    });

    if (!input.dryRun && candidates.length > 0) {
      await applyMigration(tx, candidates, newSubscriptionIds, input, { actor, reason });
    }
    return {
      dryRun: input.dryRun,
      fromVersionId: from.id,
      toVersionId: to.id,
      at: input.at,
      period,
      tenants,
    };
  });
  if (!result.dryRun && result.tenants.length > 0) {
    // One tenant's sweep when one moved; otherwise one sweep of all rather than a job per tenant.
    const [only] = result.tenants;
    await options.ratingSweeps?.request(result.tenants.length === 1 ? only?.tenantId : undefined);
  }
  return result;
}

/** Closes the candidates' subscriptions and starts the new ones (two set-based statements), one audit entry each. */
async function applyMigration(
  tx: DbTx,
  candidates: readonly Candidate[],
  newIds: ReadonlyMap<string, string | null>,
  input: SubscriptionMigrationInput,
  audit: { actor: string; reason: string },
): Promise<void> {
  const oldIds = candidates.map((candidate) => candidate.subscriptionId);
  const before = new Map((await subscriptionViews(tx, oldIds)).map((view) => [view.id, subscriptionAuditRecord(view)]));
  const created = candidates.map((candidate) => {
    const id = newIds.get(candidate.tenantId);
    if (!id) throw new Error("unreachable: a new id per candidate in a real run");
    return { id, candidate };
  });
  const dayCurrencies = await usageDayCurrencies(
    tx,
    candidates.map((candidate) => candidate.tenantId),
    input.at,
  );
  await tx.$executeRaw`UPDATE subscriptions SET ends_at = ${input.at} WHERE id = ANY(${oldIds}::uuid[])`;
  await tx.$executeRaw`
    INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at, ends_at)
    SELECT n.id, n.tenant_id, ${input.toVersionId}::uuid, ${input.at}, n.ends_at
      FROM unnest(${created.map((row) => row.id)}::uuid[],
                  ${created.map((row) => row.candidate.tenantId)}::uuid[],
                  ${created.map((row) => row.candidate.endsAt?.toISOString() ?? null)}::timestamptz[])
           AS n(id, tenant_id, ends_at)`;
  await noteCurrencySwitchedDays(tx, dayCurrencies);
  const views = new Map(
    (await subscriptionViews(tx, [...oldIds, ...created.map((row) => row.id)])).map((view) => [
      view.id,
      subscriptionAuditRecord(view),
    ]),
  );
  await writeAuditLogs(
    tx,
    created.map(({ id, candidate }) => ({
      actor: audit.actor,
      action: "subscription.migrate",
      tenantId: candidate.tenantId,
      targetType: "subscription",
      targetId: id,
      reason: audit.reason,
      before: { subscription: before.get(candidate.subscriptionId) },
      after: {
        subscription: views.get(id),
        previous: views.get(candidate.subscriptionId),
        migration: {
          from_version_id: input.fromVersionId,
          to_version_id: input.toVersionId,
          at: input.at.toISOString(),
        },
      },
    })),
  );
}

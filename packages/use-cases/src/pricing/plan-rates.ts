import {
  AppError,
  nonNegativeDecimalText,
  PLAN_RATE_CONDITION,
  ruleCondition,
  TOKEN_TYPES,
  type PlanPricing,
  type TokenType,
} from "@tollgate/domain";
import type { DbOrTx, DbTx } from "@tollgate/db";

/** One explicit rate of a plan version: price per 1,000,000 tokens of a type, for the base ('') or a rule's condition. */
export interface PlanRateInput {
  modelId: string;
  tokenType: string;
  /** '' (base rate), 'long_context' or 'service_tier:<tier>'; default ''. */
  condition?: string | undefined;
  /** Decimal string, e.g. "3.75". */
  pricePerMillion: string;
}

export interface PlanRateView {
  modelId: string;
  tokenType: TokenType;
  condition: string;
  pricePerMillion: string;
}

/** A stored rate with its model's provider (from the catalog), so readers can filter by provider. */
export interface StoredPlanRate extends PlanRateView {
  provider: string;
}

/** Upper bound of one version's explicit rates (every catalog model × 5 token types × a few conditions). */
export const MAX_PLAN_RATES = 200_000;

const MAX_LISTED_PROBLEMS = 10;

/** The conditions a version's rates may use: the base rate and one per long_context / service_tier rule. */
export function allowedConditions(pricing: PlanPricing): Set<string> {
  const conditions = new Set([""]);
  for (const rule of pricing.rules) {
    const condition = ruleCondition(rule);
    if (condition !== null) conditions.add(condition);
  }
  return conditions;
}

function conditionProblem(condition: string, allowed: Set<string>): string | null {
  if (!PLAN_RATE_CONDITION.test(condition)) {
    return `must be '' (base rate), 'long_context' or 'service_tier:<tier>'; got "${condition}"`;
  }
  if (!allowed.has(condition)) {
    return `no rule in pricing.rules has the condition "${condition}" (add the rule, or remove these rates)`;
  }
  return null;
}

/**
 * Checks a rate list on its own and against the version's pricing document: token types, conditions that a rule
 * names, non-negative decimal prices, no (model, token type, condition) twice. `bad_request` naming each bad field
 * as `rates.<index>.<field>` (the first few). Models are checked against the catalog by assertModelsExist.
 */
export function validatePlanRates(rates: readonly PlanRateInput[], pricing: PlanPricing): PlanRateView[] {
  if (rates.length > MAX_PLAN_RATES) throw new AppError("bad_request", `rates: at most ${MAX_PLAN_RATES} rates`);
  const allowed = allowedConditions(pricing);
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const valid: PlanRateView[] = [];
  rates.forEach((rate, index) => {
    if (problems.length >= MAX_LISTED_PROBLEMS) return;
    const at = `rates.${index}`;
    const condition = rate.condition ?? "";
    if (rate.modelId.length === 0 || rate.modelId.length > 200) {
      problems.push(`${at}.model_id: must be 1-200 characters`);
    }
    if (!(TOKEN_TYPES as readonly string[]).includes(rate.tokenType)) {
      problems.push(`${at}.token_type: must be one of ${TOKEN_TYPES.join(", ")}`);
    }
    const badCondition = conditionProblem(condition, allowed);
    if (badCondition) problems.push(`${at}.condition: ${badCondition}`);
    const price = nonNegativeDecimalText.safeParse(rate.pricePerMillion);
    if (!price.success) problems.push(`${at}.price_per_million: ${price.error.issues[0]?.message ?? "invalid"}`);
    const key = `${rate.modelId}\u0000${rate.tokenType}\u0000${condition}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(`${at}: the same model, token_type and condition as rates.${first}`);
    } else {
      seen.set(key, index);
    }
    valid.push({
      modelId: rate.modelId,
      tokenType: rate.tokenType as TokenType,
      condition,
      pricePerMillion: rate.pricePerMillion,
    });
  });
  if (problems.length > 0) throw new AppError("bad_request", problems.join("; "));
  return valid;
}

/** `bad_request` naming the first rates whose model is not in the catalog (one set-based query). */
export async function assertModelsExist(db: DbOrTx, rates: readonly PlanRateView[]): Promise<void> {
  if (rates.length === 0) return;
  const modelIds = [...new Set(rates.map((rate) => rate.modelId))];
  const unknown = await db.$queryRaw<{ id: string }[]>`
    SELECT m.id FROM unnest(${modelIds}::text[]) AS m(id)
     WHERE NOT EXISTS (SELECT 1 FROM models WHERE models.id = m.id)
     ORDER BY m.id`;
  if (unknown.length === 0) return;
  const unknownIds = new Set(unknown.map((row) => row.id));
  const problems: string[] = [];
  rates.forEach((rate, index) => {
    if (problems.length < MAX_LISTED_PROBLEMS && unknownIds.delete(rate.modelId)) {
      problems.push(`rates.${index}.model_id: unknown model "${rate.modelId}"`);
    }
  });
  throw new AppError(
    "bad_request",
    `${problems.join("; ")} (${unknown.length} unknown model${unknown.length === 1 ? "" : "s"}; add them to the catalog first)`,
  );
}

/** Replaces a version's explicit rates: one DELETE and one set-based INSERT (unnest), whatever the number of rates. */
export async function replacePlanRates(tx: DbTx, planVersionId: string, rates: readonly PlanRateView[]): Promise<void> {
  await tx.$executeRaw`DELETE FROM plan_rates WHERE plan_version_id = ${planVersionId}::uuid`;
  if (rates.length === 0) return;
  // Prices go as text and are cast to NUMERIC in Postgres: no float ever touches a price.
  await tx.$executeRaw`
    INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
    SELECT ${planVersionId}::uuid, r.model_id, r.token_type::token_type, r.condition, r.price::numeric
      FROM unnest(${rates.map((rate) => rate.modelId)}::text[],
                  ${rates.map((rate) => rate.tokenType)}::text[],
                  ${rates.map((rate) => rate.condition)}::text[],
                  ${rates.map((rate) => rate.pricePerMillion)}::text[]) AS r(model_id, token_type, condition, price)`;
}

/** Copies every rate of one version into another (INSERT … SELECT, set-based). */
export async function copyPlanRates(tx: DbTx, fromVersionId: string, toVersionId: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
    SELECT ${toVersionId}::uuid, model_id, token_type, condition, price_per_million
      FROM plan_rates WHERE plan_version_id = ${fromVersionId}::uuid`;
}

/** A version's rates ordered by model, condition, token type; prices as exact decimal strings. */
export async function readPlanRates(db: DbOrTx, planVersionId: string): Promise<StoredPlanRate[]> {
  const rows = await db.$queryRaw<
    { model_id: string; provider: string; token_type: TokenType; condition: string; price: string }[]
  >`
    SELECT r.model_id, m.provider, r.token_type::text AS token_type, r.condition,
           trim_scale(r.price_per_million)::text AS price
      FROM plan_rates r JOIN models m ON m.id = r.model_id
     WHERE r.plan_version_id = ${planVersionId}::uuid
     ORDER BY r.model_id, r.condition, r.token_type`;
  return rows.map((row) => ({
    modelId: row.model_id,
    provider: row.provider,
    tokenType: row.token_type,
    condition: row.condition,
    pricePerMillion: row.price,
  }));
}

/** The distinct conditions a version's rates use. */
export async function rateConditions(db: DbOrTx, planVersionId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ condition: string }[]>`
    SELECT DISTINCT condition FROM plan_rates WHERE plan_version_id = ${planVersionId}::uuid ORDER BY condition`;
  return rows.map((row) => row.condition);
}

/** `bad_request` when stored rates use a condition the (new) pricing document has no rule for. */
export function assertConditionsAllowed(conditions: readonly string[], pricing: PlanPricing, field: string): void {
  const allowed = allowedConditions(pricing);
  const orphans = conditions.filter((condition) => !allowed.has(condition));
  if (orphans.length > 0) {
    throw new AppError(
      "bad_request",
      `${field}: the version has rates for ${orphans.map((c) => `"${c}"`).join(", ")} but no rule names ` +
        "that condition (keep the rule, or send rates without them)",
    );
  }
}

export interface RatesDigest {
  count: number;
  /** SHA-256 (hex) of the sorted rate list, "model|type|condition|price" lines; null without rates. */
  sha256: string | null;
}

/**
 * Count and digest of a version's rates, for audit snapshots: a rate list can hold thousands of rows, and a
 * published version's rates stay in plan_rates for good, so the audit log records their digest.
 */
export async function planRatesDigest(db: DbOrTx, planVersionId: string): Promise<RatesDigest> {
  const rows = await db.$queryRaw<{ count: bigint; sha256: string | null }[]>`
    SELECT count(*) AS count,
           encode(sha256(convert_to(string_agg(
             model_id || '|' || token_type::text || '|' || condition || '|' || trim_scale(price_per_million)::text,
             E'\n' ORDER BY model_id, token_type::text, condition), 'UTF8')), 'hex') AS sha256
      FROM plan_rates WHERE plan_version_id = ${planVersionId}::uuid`;
  const row = rows[0];
  return { count: Number(row?.count ?? 0n), sha256: row?.sha256 ?? null };
}

import {
  compilePlanPricing,
  compileTenantOverride,
  money,
  planPricingSchema,
  tenantOverrideSchema,
  TOKEN_TYPES,
  type CompiledOverride,
  type CompiledPlanPricing,
  type ModelRates,
  type PlanPriceBook,
  type ScopedBudget,
  type TokenType,
  type Money,
  type BillingAnchor,
} from "@tollgate/domain";

/** What one event is priced with: the plan version in force at its timestamp and the tenant's override then. */
export interface PlanContext {
  book: PlanPriceBook;
  override: CompiledOverride | null;
}

/** The plan context in force at an instant, or null when the tenant has no subscription then. */
export type PlanContextLookup = (occurredAt: Date) => PlanContext | null;

/** What one tenant's events need priced: the instants they span and their (resolved) models. */
export interface PricingNeeds {
  span: { from: Date; to: Date };
  modelIds: readonly string[];
}

/** A tenant's monthly budget, as usage is charged against it. */
export interface TenantBudget extends ScopedBudget {
  id: string;
  tenantId: string;
  amount: Money;
  currency: string;
  thresholds: number[];
  hardLimit: boolean;
}

/**
 * Runs the loader's one statement: the worker through a named prepared statement on its pg connection, Prisma
 * callers through $queryRawUnsafe. Parameters are arrays of text (uuids, instants as ISO strings, model ids).
 */
export type PriceInForceQuery = (name: string, text: string, values: unknown[]) => Promise<unknown[]>;

/** [startsAt, endsAt) in epoch ms (endsAt Infinity when open): numbers, so a lookup per event compares no Dates. */
interface Window<T> {
  startsAt: number;
  endsAt: number;
  value: T;
}

// Published plan versions are immutable, so their compiled pricing is kept for the life of the process.
const compiledPricing = new Map<string, CompiledPlanPricing>();

/** Everything charges depend on, per tenant: the price in force by instant, budgets, and whether it has credit. */
export interface PricingInputs {
  lookups: Map<string, PlanContextLookup>;
  budgets: Map<string, TenantBudget[]>;
  /** Tenants with live credit grants (read without locking them; the job locks them where it uses them). */
  creditTenants: Set<string>;
  /**
   * Each tenant's billing anchor (tenants.billing_anchor_day, with its dated change if any): which billing period
   * an instant falls in. A plain day when nothing changes (the common case).
   */
  anchors: Map<string, BillingAnchor>;
}

interface SubscriptionRow {
  tenant_id: string;
  plan_version_id: string;
  currency: string;
  pricing: unknown;
  starts_at: string;
  ends_at: string | null;
}
interface OverrideRow {
  id: string;
  tenant_id: string;
  starts_at: string;
  ends_at: string | null;
  discount_percent: string | null;
  model_rates: unknown;
}
interface RateRow {
  plan_version_id: string;
  model_id: string;
  condition: string;
  token_type: TokenType;
  price: string;
}
interface BudgetRow {
  id: string;
  tenant_id: string;
  scope: TenantBudget["scope"];
  scope_ref: string;
  amount: string;
  currency: string;
  thresholds: number[];
  hard_limit: boolean;
}
type InputRow =
  | { kind: "s"; row: SubscriptionRow }
  | { kind: "o"; row: OverrideRow }
  | { kind: "r"; row: RateRow }
  | { kind: "b"; row: BudgetRow }
  | { kind: "g"; row: { tenant_id: string } }
  | {
      kind: "a";
      row: { tenant_id: string; anchor_day: number; next_anchor_day: number | null; changes_at: string | null };
    };

// One round trip for every tenant: a job of single events pays per statement, so the six reads are one UNION of
// JSON rows (named "worker-pricing-inputs": the worker prepares it once per connection). The worker reads it after
// the tenants' usage locks, so a budget created meanwhile is seen.
const PRICING_INPUTS_SQL = `
  WITH n AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS n(tenant_id, span_from, span_to)),
  subs AS (
    SELECT s.tenant_id, s.plan_version_id, pv.currency, pv.pricing, s.starts_at, s.ends_at
      FROM n JOIN subscriptions s ON s.tenant_id = n.tenant_id
       AND s.starts_at <= n.span_to AND (s.ends_at IS NULL OR s.ends_at > n.span_from)
      JOIN plan_versions pv ON pv.id = s.plan_version_id)
  SELECT 's' AS kind, to_jsonb(subs) AS row FROM subs
  UNION ALL
  SELECT 'o', jsonb_build_object('id', o.id, 'tenant_id', o.tenant_id, 'starts_at', o.starts_at, 'ends_at', o.ends_at,
                                 'discount_percent', o.discount_percent::text, 'model_rates', o.model_rates)
    FROM n JOIN tenant_price_overrides o ON o.tenant_id = n.tenant_id
     AND o.starts_at <= n.span_to AND (o.ends_at IS NULL OR o.ends_at > n.span_from)
  UNION ALL
  SELECT 'r', jsonb_build_object('plan_version_id', r.plan_version_id, 'model_id', r.model_id,
                                 'condition', r.condition, 'token_type', r.token_type,
                                 'price', r.price_per_million::text)
    FROM plan_rates r
   WHERE r.plan_version_id IN (SELECT plan_version_id FROM subs) AND r.model_id = ANY($4::text[])
  UNION ALL
  SELECT 'b', jsonb_build_object('id', b.id, 'tenant_id', b.tenant_id, 'scope', b.scope, 'scope_ref', b.scope_ref,
                                 'amount', b.amount::text, 'currency', b.currency, 'thresholds', b.thresholds,
                                 'hard_limit', b.hard_limit)
    FROM budgets b WHERE b.tenant_id = ANY($1::uuid[]) AND b.period = 'month'
  UNION ALL
  SELECT 'g', jsonb_build_object('tenant_id', g.tenant_id)
    FROM credit_grants g WHERE g.tenant_id = ANY($1::uuid[]) AND g.voided_at IS NULL AND g.remaining > 0
   GROUP BY g.tenant_id
  UNION ALL
  SELECT 'a', jsonb_build_object('tenant_id', t.id, 'anchor_day', t.billing_anchor_day,
                                 'next_anchor_day', t.next_billing_anchor_day,
                                 'changes_at', t.billing_anchor_changes_at)
    FROM tenants t WHERE t.id = ANY($1::uuid[])`;

/**
 * The price in force, loaded the same way for the worker's charges and ingest's reservation terms: in one query
 * whatever the number of tenants, each tenant's subscriptions (with their plan version's pricing) and price
 * overrides overlapping its span, the explicit rates of those versions for the models, and the tenants' monthly
 * budgets, whether they have live credit and their billing anchor days. Returns per tenant a lookup of the plan context in force at an
 * instant (null when the tenant has no subscription then); `costRates` are the provider cost rates priced in.
 */
export async function loadPricesInForce(
  query: PriceInForceQuery,
  needs: ReadonlyMap<string, PricingNeeds>,
  costRates: PlanPriceBook["costRates"],
): Promise<PricingInputs> {
  const tenantIds = [...needs.keys()];
  const rows = (await query("worker-pricing-inputs", PRICING_INPUTS_SQL, [
    tenantIds,
    tenantIds.map((id) => needs.get(id)?.span.from.toISOString()),
    tenantIds.map((id) => needs.get(id)?.span.to.toISOString()),
    [...new Set([...needs.values()].flatMap((need) => need.modelIds))],
  ])) as InputRow[];
  const subscriptions: SubscriptionRow[] = [];
  const overrides: OverrideRow[] = [];
  const explicit: ExplicitRates = new Map();
  const budgets = new Map<string, TenantBudget[]>();
  const creditTenants = new Set<string>();
  const anchors = new Map<string, BillingAnchor>();
  for (const item of rows) {
    if (item.kind === "s") subscriptions.push(item.row);
    else if (item.kind === "o") overrides.push(item.row);
    else if (item.kind === "r") addExplicitRate(explicit, item.row);
    else if (item.kind === "b") pushTo(budgets, item.row.tenant_id, toBudget(item.row));
    else if (item.kind === "a") anchors.set(item.row.tenant_id, anchorOfRow(item.row));
    else creditTenants.add(item.row.tenant_id);
  }
  // Among windows covering an instant the latest-starting one wins (windowAt), so they are kept in start order.
  subscriptions.sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  overrides.sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));

  const plansByTenant = new Map<string, Window<PlanPriceBook>[]>();
  for (const row of subscriptions) {
    const book: PlanPriceBook = {
      planVersionId: row.plan_version_id,
      currency: row.currency.trim(),
      pricing: pricingOf(row.plan_version_id, row.pricing),
      explicitRates: explicitRatesOf(explicit, row.plan_version_id),
      costRates,
    };
    pushTo(plansByTenant, row.tenant_id, windowOf(row, book));
  }
  const overridesByTenant = new Map<string, Window<CompiledOverride>[]>();
  for (const row of overrides) {
    const parsed = tenantOverrideSchema.parse({ discount_percent: row.discount_percent, model_rates: row.model_rates });
    pushTo(overridesByTenant, row.tenant_id, windowOf(row, compileTenantOverride(row.id, parsed)));
  }
  const lookups = new Map(
    tenantIds.map((id): [string, PlanContextLookup] => {
      const plans = plansByTenant.get(id) ?? [];
      const tenantOverrides = overridesByTenant.get(id) ?? [];
      // A job's events mostly share one context: hand out the same object rather than a new one per event.
      let last: PlanContext | null = null;
      return [
        id,
        (at: Date) => {
          const time = at.getTime();
          const book = windowAt(plans, time);
          if (!book) return null;
          const override = windowAt(tenantOverrides, time) ?? null;
          if (last?.book !== book || last.override !== override) last = { book, override };
          return last;
        },
      ];
    }),
  );
  return { lookups, budgets, creditTenants, anchors };
}

function anchorOfRow(row: { anchor_day: number; next_anchor_day: number | null; changes_at: string | null }) {
  if (row.next_anchor_day === null || row.changes_at === null) return row.anchor_day;
  return { day: row.anchor_day, nextDay: row.next_anchor_day, changesAt: new Date(row.changes_at) };
}

function windowOf<T>(row: { starts_at: string; ends_at: string | null }, value: T): Window<T> {
  return {
    startsAt: Date.parse(row.starts_at),
    endsAt: row.ends_at === null ? Infinity : Date.parse(row.ends_at),
    value,
  };
}

function toBudget(row: BudgetRow): TenantBudget {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    scope: row.scope,
    scopeRef: row.scope_ref,
    amount: money(row.amount),
    currency: row.currency.trim(),
    thresholds: row.thresholds,
    hardLimit: row.hard_limit,
  };
}

function pricingOf(planVersionId: string, pricing: unknown): CompiledPlanPricing {
  let compiled = compiledPricing.get(planVersionId);
  if (!compiled) {
    // Validated when the version was saved; parsing again guards against hand-edited rows (a parse error fails the
    // job loudly rather than pricing with a wrong document).
    compiled = compilePlanPricing(planPricingSchema.parse(pricing));
    compiledPricing.set(planVersionId, compiled);
  }
  return compiled;
}

/** Plan version → model → condition ('' = base) → rates: nested maps, as rating asks for them per token type. */
type ExplicitRates = Map<string, Map<string, Map<string, ModelRates>>>;

function addExplicitRate(rates: ExplicitRates, row: RateRow): void {
  let byModel = rates.get(row.plan_version_id);
  if (!byModel) rates.set(row.plan_version_id, (byModel = new Map<string, Map<string, ModelRates>>()));
  let byCondition = byModel.get(row.model_id);
  if (!byCondition) byModel.set(row.model_id, (byCondition = new Map<string, ModelRates>()));
  let modelRates = byCondition.get(row.condition);
  if (!modelRates) byCondition.set(row.condition, (modelRates = {}));
  if (TOKEN_TYPES.includes(row.token_type)) modelRates[row.token_type] = money(row.price);
}

function explicitRatesOf(rates: ExplicitRates, planVersionId: string): PlanPriceBook["explicitRates"] {
  const byModel = rates.get(planVersionId);
  return (modelId, condition) => byModel?.get(modelId)?.get(condition);
}

function pushTo<T>(map: Map<string, T[]>, tenantId: string, value: T): void {
  const list = map.get(tenantId);
  if (list) list.push(value);
  else map.set(tenantId, [value]);
}

/** The latest-starting window that covers the instant wins (a change takes effect at its start). */
function windowAt<T>(windows: readonly Window<T>[], time: number): T | undefined {
  let found: T | undefined;
  for (const window of windows) {
    if (window.startsAt <= time && window.endsAt > time) found = window.value;
  }
  return found;
}

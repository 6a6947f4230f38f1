import { AppError, money, toDecimalString } from "@tollgate/domain";
import { Prisma, type DbOrTx } from "@tollgate/db";
import { decimalText } from "../shared/change-context.ts";

export const SIMULATION_RESULT_SORTS = ["difference", "net_difference", "before", "after", "tenant"] as const;
export type SimulationResultSort = (typeof SIMULATION_RESULT_SORTS)[number];

/** A simulation's figures for one tenant or summed over all, exact decimal strings; net = gross − credits each side. */
export interface SimulationAmounts {
  before: string;
  after: string;
  difference: string;
  /** Credit the tenant's grants would have paid of before's usage charges. */
  beforeCredits: string;
  afterCredits: string;
  beforeNet: string;
  afterNet: string;
  /** afterNet − beforeNet. */
  netDifference: string;
  events: string;
  tokens: string;
  unratedAfter: string;
}

export interface SimulationResultView extends SimulationAmounts {
  tenantId: string;
  tenantName: string;
  currency: string;
}

/** Where a page ended: the sort key's value (exact text) and the tenant id that breaks ties. */
export interface SimulationResultCursor {
  value: string;
  tenantId: string;
}

// Whitelisted columns (never interpolated from input); each has an index (simulation_id, column, tenant_id).
const COLUMN: Record<SimulationResultSort, { column: Prisma.Sql; cast: Prisma.Sql }> = {
  difference: { column: Prisma.sql`difference`, cast: Prisma.sql`numeric` },
  net_difference: { column: Prisma.sql`net_difference`, cast: Prisma.sql`numeric` },
  before: { column: Prisma.sql`before_amount`, cast: Prisma.sql`numeric` },
  after: { column: Prisma.sql`after_amount`, cast: Prisma.sql`numeric` },
  tenant: { column: Prisma.sql`tenant_name`, cast: Prisma.sql`text` },
};

interface ResultRow {
  tenant_id: string;
  tenant_name: string;
  currency: string;
  before: string;
  after: string;
  difference: string;
  before_credits: string;
  after_credits: string;
  net_difference: string;
  events: string;
  tokens: string;
  unrated: string;
}

function resultView(row: ResultRow): SimulationResultView {
  const before = money(row.before);
  const after = money(row.after);
  const beforeCredits = money(row.before_credits);
  const afterCredits = money(row.after_credits);
  return {
    tenantId: row.tenant_id,
    tenantName: row.tenant_name,
    currency: row.currency,
    before: toDecimalString(before),
    after: toDecimalString(after),
    difference: decimalText(row.difference),
    beforeCredits: toDecimalString(beforeCredits),
    afterCredits: toDecimalString(afterCredits),
    beforeNet: toDecimalString(before.minus(beforeCredits)),
    afterNet: toDecimalString(after.minus(afterCredits)),
    netDifference: decimalText(row.net_difference),
    events: row.events,
    tokens: row.tokens,
    unratedAfter: row.unrated,
  };
}

/** One keyset page of a simulation's per-tenant results, sorted by the column, ties by tenant id. */
export async function listSimulationResults(
  db: DbOrTx,
  simulationId: string,
  options: { sort: SimulationResultSort; direction: "asc" | "desc"; limit: number; after?: SimulationResultCursor },
): Promise<{ results: SimulationResultView[]; next: SimulationResultCursor | null }> {
  const exists = await db.planSimulation.findUnique({ where: { id: simulationId }, select: { id: true } });
  if (!exists) throw new AppError("not_found", `no plan simulation ${simulationId}`);
  const { column, cast } = COLUMN[options.sort];
  const desc = options.direction === "desc";
  const order = desc ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const after = options.after;
  const keyset = after
    ? desc
      ? Prisma.sql`AND (${column}, tenant_id) < (${after.value}::${cast}, ${after.tenantId}::uuid)`
      : Prisma.sql`AND (${column}, tenant_id) > (${after.value}::${cast}, ${after.tenantId}::uuid)`
    : Prisma.empty;
  const rows = await db.$queryRaw<(ResultRow & { key: string })[]>`
    SELECT tenant_id::text AS tenant_id, tenant_name, trim(currency) AS currency, before_amount::text AS before,
           after_amount::text AS after, difference::text AS difference,
           before_credits::text AS before_credits, after_credits::text AS after_credits,
           net_difference::text AS net_difference, events::text AS events,
           tokens::text AS tokens, unrated_after::text AS unrated, ${column}::text AS key
      FROM plan_simulation_results
     WHERE simulation_id = ${simulationId}::uuid ${keyset}
     ORDER BY ${column} ${order}, tenant_id ${order}
     LIMIT ${options.limit + 1}`;
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    results: page.map((row) => resultView(row)),
    next: rows.length > options.limit && last ? { value: last.key, tenantId: last.tenant_id } : null,
  };
}

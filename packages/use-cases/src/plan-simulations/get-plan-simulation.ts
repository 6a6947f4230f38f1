import { AppError, money, toDecimalString } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { decimalText } from "../shared/change-context.ts";
import type { SimulationAmounts } from "./list-simulation-results.ts";

export type SimulationStatus = "queued" | "running" | "succeeded" | "failed";

export interface PlanSimulationView {
  id: string;
  planId: string;
  planName: string;
  versionId: string;
  version: number;
  /** The version's status now (published once publishAndMigrate ran). */
  versionStatus: string;
  scope: "tenant" | "plan" | "all";
  scopeRef: string | null;
  windowFrom: Date;
  windowTo: Date;
  currency: string;
  status: SimulationStatus;
  tenantsTotal: number | null;
  tenantsDone: number;
  error: string | null;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  publishedAt: Date | null;
  /** Sums over the stored results (all tenants so far), exact. */
  totals: SimulationAmounts;
}

type SimulationRow = NonNullable<Awaited<ReturnType<typeof loadRow>>>;

function loadRow(db: DbOrTx, id: string) {
  return db.planSimulation.findUnique({
    where: { id },
    include: {
      planVersion: { select: { version: true, status: true, planId: true, plan: { select: { name: true } } } },
    },
  });
}

/** One simulation with its progress and totals; `not_found` for an unknown id. */
export async function getPlanSimulation(db: DbOrTx, id: string): Promise<PlanSimulationView> {
  const row = await loadRow(db, id);
  if (!row) throw new AppError("not_found", `no plan simulation ${id}`);
  const [totals] = await db.$queryRaw<
    {
      before: string;
      after: string;
      difference: string;
      before_credits: string;
      after_credits: string;
      net_difference: string;
      events: string;
      tokens: string;
      unrated: string;
    }[]
  >`
    SELECT coalesce(sum(before_amount), 0)::text AS before, coalesce(sum(after_amount), 0)::text AS after,
           coalesce(sum(difference), 0)::text AS difference,
           coalesce(sum(before_credits), 0)::text AS before_credits,
           coalesce(sum(after_credits), 0)::text AS after_credits,
           coalesce(sum(net_difference), 0)::text AS net_difference, coalesce(sum(events), 0)::text AS events,
           coalesce(sum(tokens), 0)::text AS tokens, coalesce(sum(unrated_after), 0)::text AS unrated
      FROM plan_simulation_results WHERE simulation_id = ${id}::uuid`;
  const before = money(totals?.before ?? "0");
  const after = money(totals?.after ?? "0");
  const beforeCredits = money(totals?.before_credits ?? "0");
  const afterCredits = money(totals?.after_credits ?? "0");
  return simulationView(row, {
    before: toDecimalString(before),
    after: toDecimalString(after),
    difference: decimalText(totals?.difference ?? "0"),
    beforeCredits: toDecimalString(beforeCredits),
    afterCredits: toDecimalString(afterCredits),
    beforeNet: toDecimalString(before.minus(beforeCredits)),
    afterNet: toDecimalString(after.minus(afterCredits)),
    netDifference: decimalText(totals?.net_difference ?? "0"),
    events: totals?.events ?? "0",
    tokens: totals?.tokens ?? "0",
    unratedAfter: totals?.unrated ?? "0",
  });
}

export function simulationView(row: SimulationRow, totals: PlanSimulationView["totals"]): PlanSimulationView {
  return {
    id: row.id,
    planId: row.planVersion.planId,
    planName: row.planVersion.plan.name,
    versionId: row.planVersionId,
    version: row.planVersion.version,
    versionStatus: row.planVersion.status,
    scope: row.scope as PlanSimulationView["scope"],
    scopeRef: row.scopeRef,
    windowFrom: row.windowFrom,
    windowTo: row.windowTo,
    currency: row.currency.trim(),
    status: row.status as SimulationStatus,
    tenantsTotal: row.tenantsTotal,
    tenantsDone: row.tenantsDone,
    error: row.error,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    publishedAt: row.publishedAt,
    totals,
  };
}

import type { PlanSimulationView, SimulationResultView } from "@tollgate/use-cases/plan-simulations";
import { z } from "zod";
import { uuidParam } from "../admin-fields.ts";

export const SIMULATIONS_PATH = "/v1/admin/plan-simulations";
export const SIMULATION_PATH = `${SIMULATIONS_PATH}/{simulationId}`;
export const simulationIdParam = uuidParam("plan simulation");

const exact = (what: string) => z.string().describe(`${what}: exact decimal string`);

export const simulationOutput = z.object({
  id: z.uuid(),
  plan_id: z.uuid(),
  plan_name: z.string(),
  version_id: z.uuid().describe("the simulated draft"),
  version: z.number().int(),
  version_status: z.enum(["draft", "published", "archived"]).describe("the version's status now"),
  scope: z.enum(["tenant", "plan", "all"]),
  scope_ref: z.uuid().nullable().describe("the tenant or plan id; null for all"),
  window_from: z.string(),
  window_to: z.string().describe("exclusive"),
  currency: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  tenants_total: z.number().int().nullable().describe("null until the job has read the scope"),
  tenants_done: z.number().int(),
  error: z.string().nullable(),
  created_by: z.string(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  published_at: z.string().nullable().describe("when the draft was published and these tenants migrated"),
  totals: z.object({
    before: exact("Σ what the ledger charged: usage charges, and true-ups of whole billing periods; before credits"),
    after: exact("Σ what the draft charges the same usage, with its true-ups of whole periods; before credits"),
    difference: exact("after − before"),
    before_credits: exact("Σ credit the tenants' grants would have paid of before's usage charges"),
    after_credits: exact("Σ credit the same grants would have paid of after's usage charges"),
    before_net: exact("before − before_credits"),
    after_net: exact("after − after_credits"),
    net_difference: exact("after_net − before_net"),
    events: z.string(),
    tokens: z.string(),
    unrated_after: z.string().describe("events the draft does not price (not in after)"),
  }),
});

export function simulationJson(view: PlanSimulationView): z.infer<typeof simulationOutput> {
  return {
    id: view.id,
    plan_id: view.planId,
    plan_name: view.planName,
    version_id: view.versionId,
    version: view.version,
    version_status: view.versionStatus as "draft" | "published" | "archived",
    scope: view.scope,
    scope_ref: view.scopeRef,
    window_from: view.windowFrom.toISOString(),
    window_to: view.windowTo.toISOString(),
    currency: view.currency,
    status: view.status,
    tenants_total: view.tenantsTotal,
    tenants_done: view.tenantsDone,
    error: view.error,
    created_by: view.createdBy,
    created_at: view.createdAt.toISOString(),
    started_at: view.startedAt?.toISOString() ?? null,
    finished_at: view.finishedAt?.toISOString() ?? null,
    published_at: view.publishedAt?.toISOString() ?? null,
    totals: {
      before: view.totals.before,
      after: view.totals.after,
      difference: view.totals.difference,
      before_credits: view.totals.beforeCredits,
      after_credits: view.totals.afterCredits,
      before_net: view.totals.beforeNet,
      after_net: view.totals.afterNet,
      net_difference: view.totals.netDifference,
      events: view.totals.events,
      tokens: view.totals.tokens,
      unrated_after: view.totals.unratedAfter,
    },
  };
}

export const resultOutput = z.object({
  tenant_id: z.uuid(),
  tenant_name: z.string(),
  currency: z.string(),
  before: exact("what the ledger charged the tenant's usage in the window, before credits"),
  after: exact("what the draft charges it, before credits"),
  difference: exact("after − before"),
  before_credits: exact(
    "credit the tenant's grants, as they stood over the window, would have paid of before's usage charges",
  ),
  after_credits: exact("credit the same grants would have paid of after's usage charges"),
  before_net: exact("before − before_credits"),
  after_net: exact("after − after_credits"),
  net_difference: exact("after_net − before_net"),
  events: z.string(),
  tokens: z.string(),
  unrated_after: z.string(),
});

export function resultJson(view: SimulationResultView): z.infer<typeof resultOutput> {
  return {
    tenant_id: view.tenantId,
    tenant_name: view.tenantName,
    currency: view.currency,
    before: view.before,
    after: view.after,
    difference: view.difference,
    before_credits: view.beforeCredits,
    after_credits: view.afterCredits,
    before_net: view.beforeNet,
    after_net: view.afterNet,
    net_difference: view.netDifference,
    events: view.events,
    tokens: view.tokens,
    unrated_after: view.unratedAfter,
  };
}

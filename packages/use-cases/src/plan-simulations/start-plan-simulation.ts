import { randomUUID } from "node:crypto";
import { AppError, planPricingSchema } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import { draftSnapshot } from "./draft-snapshot.ts";
import { getPlanSimulation, type PlanSimulationView } from "./get-plan-simulation.ts";
import type { SimulationPorts } from "./simulation-ports.ts";
import { simulationWindow, type SimulationWindowInput } from "./simulation-window.ts";

/** `plan` without a planId: the tenants on the draft's own plan. */
export type SimulationScopeInput =
  { kind: "tenant"; tenantId: string } | { kind: "plan"; planId?: string | undefined } | { kind: "all" };

export interface StartPlanSimulationInput {
  versionId: string;
  scope: SimulationScopeInput;
  window: SimulationWindowInput;
}

/**
 * Starts a simulation of a draft plan version over real usage: checks the draft (a draft whose pricing parses) and
 * the scope, snapshots the draft's pricing and rates (what is simulated is what publishAndMigrate may publish),
 * stores the simulation queued, audited, then queues its job through the port.
 */
export async function startPlanSimulation(
  db: DbOrTx,
  input: StartPlanSimulationInput,
  context: ChangeContext,
  options: SimulationPorts & { now?: Date } = {},
): Promise<PlanSimulationView> {
  const actor = requireOperator(context.actor);
  const window = simulationWindow(input.window, options.now ?? new Date());
  const id = randomUUID();
  await inTransaction(db, async (tx) => {
    const version = await tx.planVersion.findUnique({ where: { id: input.versionId } });
    if (!version) throw new AppError("not_found", `no plan version ${input.versionId}`);
    if (version.status !== "draft") {
      throw new AppError("conflict", `plan version ${version.version} is ${version.status}: only a draft is simulated`);
    }
    const pricing = planPricingSchema.safeParse(version.pricing);
    if (!pricing.success) {
      const issue = pricing.error.issues[0];
      throw new AppError(
        "conflict",
        `the draft's pricing is invalid (pricing.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"})`,
      );
    }
    const scopeRef =
      input.scope.kind === "tenant"
        ? input.scope.tenantId
        : input.scope.kind === "plan"
          ? (input.scope.planId ?? version.planId)
          : null;
    if (input.scope.kind === "tenant") {
      const tenant = await tx.tenant.findUnique({ where: { id: input.scope.tenantId }, select: { id: true } });
      if (!tenant) throw new AppError("not_found", `no tenant ${input.scope.tenantId}`);
    } else if (scopeRef !== null) {
      const plan = await tx.plan.findUnique({ where: { id: scopeRef }, select: { id: true } });
      if (!plan) throw new AppError("not_found", `no plan ${scopeRef}`);
    }
    const snapshot = await draftSnapshot(tx, version.id);
    await tx.planSimulation.create({
      data: {
        id,
        planVersionId: version.id,
        scope: input.scope.kind,
        scopeRef,
        windowFrom: window.from,
        windowTo: window.to,
        pricingSnapshot: snapshot.pricing as object,
        // Fresh object literals: JSON input types want an index signature, which an interface does not declare.
        ratesSnapshot: snapshot.rates.map((rate) => ({
          model_id: rate.model_id,
          condition: rate.condition,
          token_type: rate.token_type,
          price: rate.price,
        })),
        currency: version.currency,
        createdBy: actor,
      },
    });
    await writeAuditLog(tx, {
      actor,
      action: "plan_simulation.start",
      targetType: "plan_version",
      targetId: version.id,
      before: null,
      after: {
        simulation_id: id,
        scope: input.scope.kind,
        scope_ref: scopeRef,
        window_from: window.from.toISOString(),
        window_to: window.to.toISOString(),
      },
    });
  });
  try {
    if (!options.planSimulations) throw new Error("no plan-simulations queue in this process");
    await options.planSimulations.enqueue(id);
  } catch (error) {
    await db.planSimulation.update({
      where: { id },
      data: { status: "failed", error: `not queued: ${String(error)}`, finishedAt: new Date() },
    });
    throw new AppError("unavailable", "the simulation could not be queued; try again");
  }
  return getPlanSimulation(db, id);
}

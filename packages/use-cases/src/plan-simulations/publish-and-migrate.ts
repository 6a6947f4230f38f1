import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { publishPlanVersion } from "../pricing/publish-plan-version.ts";
import type { PricingPorts } from "../pricing/rating-sweeps.ts";
import { inTransaction, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import { migrateSubscriptions } from "../subscriptions/migrate-subscriptions.ts";
import { canonicalJson } from "../shared/canonical-json.ts";
import { draftSnapshot } from "./draft-snapshot.ts";
import { getPlanSimulation, type PlanSimulationView } from "./get-plan-simulation.ts";

export interface PublishAndMigrateInput {
  simulationId: string;
  /** The number of tenants the operator confirmed; the step is refused when the simulation has another number. */
  confirmTenants: number;
}

export interface PublishAndMigrateResult {
  simulation: PlanSimulationView;
  /** When the tenants move: now, or the version's effective_from when that is later. */
  at: Date;
  migratedTenants: string[];
}

/**
 * Publishes a simulated draft and moves the simulated tenants onto it, in one transaction (publishPlanVersion,
 * then migrateSubscriptions once per version the tenants are on at `at`, each with its own checks and audit
 * entries), plus one audit entry for the step. Refused (409) unless the simulation succeeded, was not published yet,
 * the operator confirmed its exact number of tenants, and the draft is still what was simulated.
 */
export async function publishAndMigrate(
  db: DbOrTx,
  input: PublishAndMigrateInput,
  context: ChangeContext,
  options: PricingPorts & { now?: Date } = {},
): Promise<PublishAndMigrateResult> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  const result = await inTransaction(db, async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM plan_simulations WHERE id = ${input.simulationId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new AppError("not_found", `no plan simulation ${input.simulationId}`);
    const simulation = await tx.planSimulation.findUniqueOrThrow({
      where: { id: input.simulationId },
      include: { planVersion: true },
    });
    if (simulation.status !== "succeeded") {
      throw new AppError("conflict", `the simulation is ${simulation.status}; only a finished one can be published`);
    }
    if (simulation.publishedAt) throw new AppError("conflict", "this simulation was already published and migrated");
    const tenants = await tx.planSimulationResult.findMany({
      where: { simulationId: simulation.id },
      select: { tenantId: true },
      orderBy: { tenantId: "asc" },
    });
    if (tenants.length !== input.confirmTenants) {
      throw new AppError(
        "conflict",
        `confirm_tenants: the simulation has ${tenants.length} tenants, not ${input.confirmTenants}`,
      );
    }
    const current = await draftSnapshot(tx, simulation.planVersionId);
    const simulated = { pricing: simulation.pricingSnapshot, rates: simulation.ratesSnapshot };
    if (canonicalJson(current) !== canonicalJson(simulated)) {
      throw new AppError("conflict", "the draft changed since it was simulated; simulate it again before publishing");
    }
    const { planVersion } = simulation;
    await publishPlanVersion(tx, planVersion.planId, planVersion.id, { actor: context.actor, reason });
    const now = options.now ?? new Date();
    const at = planVersion.effectiveFrom > now ? planVersion.effectiveFrom : now;
    const tenantIds = tenants.map((tenant) => tenant.tenantId);
    const onVersions = await tx.$queryRaw<{ version_id: string; tenant_id: string }[]>`
      SELECT plan_version_id::text AS version_id, tenant_id::text AS tenant_id FROM subscriptions
       WHERE tenant_id = ANY(${tenantIds}::uuid[]) AND starts_at < ${at} AND (ends_at IS NULL OR ends_at > ${at})
       ORDER BY plan_version_id, tenant_id`;
    const byVersion = new Map<string, string[]>();
    for (const row of onVersions)
      byVersion.set(row.version_id, [...(byVersion.get(row.version_id) ?? []), row.tenant_id]);
    const migrated: string[] = [];
    for (const [fromVersionId, ids] of byVersion) {
      await migrateSubscriptions(
        tx,
        { fromVersionId, toVersionId: planVersion.id, at, tenantIds: ids, dryRun: false },
        { actor: context.actor, reason },
      );
      migrated.push(...ids);
    }
    await tx.planSimulation.update({ where: { id: simulation.id }, data: { publishedAt: now } });
    await writeAuditLog(tx, {
      actor,
      action: "plan_simulation.publish_and_migrate",
      targetType: "plan_version",
      targetId: planVersion.id,
      reason,
      before: { simulation_id: simulation.id, status: "draft" },
      after: { simulation_id: simulation.id, status: "published", at: at.toISOString(), tenants: migrated.sort() },
    });
    return { at, migratedTenants: migrated };
  });
  // After the commit, as publishing and migrating do: re-rate what the new version may price now.
  await options.ratingSweeps?.request();
  return { simulation: await getPlanSimulation(db, input.simulationId), ...result };
}

import { money, toDecimalString } from "@tollgate/domain";
import type { Db } from "@tollgate/db";
import { startPlanSimulation } from "@tollgate/use-cases/plan-simulations";
import { copyPlanVersion, readPlanRates, updatePlanVersionDraft } from "@tollgate/use-cases/pricing";
import { CatalogCache } from "@tollgate/worker/catalog-cache";
import { runPlanSimulation } from "@tollgate/worker/plan-simulation";
import type { Pool } from "pg";
import { demoOperator } from "./demo-billing-setup.ts";

/**
 * The price change the demo operator is considering: Enterprise (Acme's plan) with one price raised. Not Pro: the
 * operator e2e test makes and publishes Pro's version 2 itself.
 */
export const DEMO_DRAFT = {
  planCode: "enterprise",
  modelId: "anthropic/claude-sonnet-4-5",
  tokenType: "output",
  factor: "1.15",
  reason: "demo: price change under consideration",
} as const;

/**
 * A draft version of the demo plan (a copy of its published version with one price raised, through the pricing use
 * cases) and one simulation of last month over it, started with the real use case and run by the worker's own
 * simulation job, so the simulations page shows a finished run. Only when the plan has no simulated draft yet (a
 * re-run, or one made in the console since, is left alone); a draft left without a simulation is reused. Returns the
 * simulation's id, or null when nothing was done.
 */
export async function ensureDemoSimulation(db: Db, pool: Pool, now: Date): Promise<string | null> {
  const plan = await db.plan.findUnique({
    where: { code: DEMO_DRAFT.planCode },
    include: { versions: { orderBy: { version: "asc" }, include: { _count: { select: { simulations: true } } } } },
  });
  if (!plan) throw new Error(`demo plan ${DEMO_DRAFT.planCode} not found: run \`npm run seed -- --demo\``);
  if (plan.versions.some((version) => version.status === "draft" && version._count.simulations > 0)) return null;
  const published = plan.versions.findLast((version) => version.status === "published");
  if (!published) throw new Error(`demo plan ${DEMO_DRAFT.planCode} has no published version`);
  const context = { actor: await demoOperator(db), reason: DEMO_DRAFT.reason };

  let draftId = plan.versions.find((version) => version.status === "draft")?.id;
  if (!draftId) {
    draftId = (await copyPlanVersion(db, plan.id, published.id, {}, context)).id;
    const rates = await readPlanRates(db, draftId);
    const raised = rates.map((rate) => ({
      modelId: rate.modelId,
      tokenType: rate.tokenType,
      condition: rate.condition,
      pricePerMillion:
        rate.modelId === DEMO_DRAFT.modelId && rate.tokenType === DEMO_DRAFT.tokenType
          ? toDecimalString(money(rate.pricePerMillion).times(DEMO_DRAFT.factor))
          : rate.pricePerMillion,
    }));
    await updatePlanVersionDraft(db, plan.id, draftId, { rates: raised }, context);
  }
  const catalog = new CatalogCache(60_000);
  const simulation = await startPlanSimulation(
    db,
    { versionId: draftId, scope: { kind: "plan" }, window: { kind: "last_month" } },
    context,
    // The port the plan-simulations queue binds, run in line: the worker's job for this simulation.
    {
      now,
      planSimulations: {
        enqueue: async (id) => {
          await runPlanSimulation(pool, catalog, id);
        },
      },
    },
  );
  return simulation.id;
}

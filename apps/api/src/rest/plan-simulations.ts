import { planSimulationJobId, type TypedQueue } from "@tollgate/queues";
import type { PlanSimulationQueue } from "@tollgate/use-cases/plan-simulations";

/**
 * The plan-simulation port over the plan-simulations queue: one job per simulation (its deterministic id), the
 * simulation id only. A Redis failure fails the start (the use case marks the simulation failed, 503).
 */
export function planSimulationsPort(queue: TypedQueue<"planSimulation"> | undefined): PlanSimulationQueue | undefined {
  if (!queue) return undefined;
  return {
    async enqueue(simulationId) {
      await queue.add(planSimulationJobId(simulationId), { simulationId });
    },
  };
}

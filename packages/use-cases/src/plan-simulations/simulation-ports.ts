/**
 * The port through which a started simulation is queued (apps/api binds it to the plan-simulations queue, one job
 * per simulation id). Called after the simulation row commits; a failure marks the simulation failed and is a 503.
 */
export interface PlanSimulationQueue {
  enqueue(simulationId: string): Promise<void>;
}

export interface SimulationPorts {
  planSimulations?: PlanSimulationQueue | undefined;
}

import { randomUUID } from "node:crypto";
import { parseUsageEvent, type QueuedUsageEvent } from "@tollgate/domain";
import { createTypedQueue, planSimulationJobId, replayFailedJob, type TypedQueue } from "@tollgate/queues";
import type { Principal } from "@tollgate/use-cases/access";
import { getPlanSimulation, listSimulationResults, startPlanSimulation } from "@tollgate/use-cases/plan-simulations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlanSimulationWorker, type PlanSimulationWorker } from "../src/jobs/plan-simulation-worker.ts";
import { CatalogCache } from "../src/store/catalog-cache.ts";
import {
  breakInserts,
  replayFailedAndWait,
  startReplayGround,
  waitForJobState,
  type ReplayGround,
} from "./support/failed-job-replay.ts";
import { insertPublishedPlan } from "./support/published-plan.ts";
import { startUsageWorkerHarness } from "./support/run-usage-worker.ts";

/**
 * A plan simulation whose job failed for real midway (storing the third tenant's result raised on every attempt),
 * replayed through the failed-jobs operation once the fault is gone, by the worker's own plan-simulation consumer:
 * it resumes after the two tenants already stored (their rows untouched) and ends with the same results and totals
 * as the same simulation run without a failure.
 */
const MODEL = "acme/replay";
const NOW = new Date("2026-11-21T00:30:00Z"); // window: [Nov 11, Nov 21)
const operator: Principal = { kind: "operator_key", keyId: null, prefix: "ops" };
const tenants = Array.from({ length: 5 }, (_, index) => ({ id: randomUUID(), name: `Sim ${index.toString()}` }));

let ground: ReplayGround;
let simulations: PlanSimulationWorker;
let producerQueue: TypedQueue<"planSimulation">;
let draftId: string;
let planId: string;

function event(id: string, at: string, input: number, output: number): QueuedUsageEvent {
  const parsed = parseUsageEvent(
    { id, model: MODEL, timestamp: at, input_tokens: input, output_tokens: output },
    new Date("2026-11-25T00:00:00Z"),
  );
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

beforeAll(async () => {
  ground = await startReplayGround("sim-replay");
  const { pool } = ground;
  const { versionId } = await insertPublishedPlan(pool, { model: MODEL, rates: { input: "2", output: "10" }, tenants });
  const plan = await pool.query<{ plan_id: string }>("SELECT plan_id FROM plan_versions WHERE id = $1", [versionId]);
  planId = plan.rows[0]?.plan_id ?? "";
  draftId = randomUUID();
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, pricing)
     VALUES ($1, $2, 2, 'draft', 'USD', '2026-01-01Z', '{"minimum_commitment": "5"}')`,
    [draftId, planId],
  );
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
     VALUES ($1, $2, 'input', '', 3), ($1, $2, 'output', '', 12)`,
    [draftId, MODEL],
  );
  const usage = startUsageWorkerHarness(pool);
  try {
    for (const [t, tenant] of tenants.entries()) {
      const events = [12, 15, 19].map((day, n) =>
        event(
          `u-${String(t)}-${String(n)}`,
          `2026-11-${String(day)}T0${String(n + 1)}:00:00Z`,
          40_000 * (t + 1),
          90_000 * (n + 1),
        ),
      );
      await usage.runJob([{ tenantId: tenant.id, apiKeyId: null, events }]);
    }
  } finally {
    await usage.close();
  }
  producerQueue = createTypedQueue("planSimulation", ground.connection, ground.prefix);
  simulations = startPlanSimulationWorker({
    pool,
    connection: ground.connection,
    prefix: ground.prefix,
    catalog: new CatalogCache(0),
    lockDurationMs: 30_000,
    stalledIntervalMs: 30_000,
    run: { chunkSize: 1, pageSize: 2 }, // a chunk per tenant: results stored one tenant at a time
  });
});

afterAll(async () => {
  await simulations.close();
  await producerQueue.close();
  await ground.close();
});

/** Starts a simulation of the draft over the plan's tenants; its job gets two attempts. */
async function simulate(): Promise<string> {
  const started = await startPlanSimulation(
    ground.db,
    { versionId: draftId, scope: { kind: "plan", planId }, window: { kind: "last_days", days: 10 } },
    { actor: operator },
    {
      now: NOW,
      planSimulations: {
        enqueue: (id) =>
          producerQueue
            .add(planSimulationJobId(id), { simulationId: id }, { attempts: 2, backoff: { type: "fixed", delay: 0 } })
            .then(() => undefined),
      },
    },
  );
  return started.id;
}

async function results(simulationId: string) {
  const page = await listSimulationResults(ground.db, simulationId, { sort: "tenant", direction: "asc", limit: 10 });
  return page.results;
}

async function storedRows(simulationId: string) {
  const rows = await ground.pool.query<{ tenant_id: string; xmin: string }>(
    "SELECT tenant_id, xmin::text FROM plan_simulation_results WHERE simulation_id = $1 ORDER BY tenant_id",
    [simulationId],
  );
  return rows.rows;
}

describe("replaying a failed plan simulation with the real consumer", () => {
  it("resumes after the stored tenants and ends as an uninterrupted run", async () => {
    const repair = await breakInserts(
      ground.pool,
      "plan_simulation_results",
      "plan_simulation_results: could not extend file",
      "(SELECT count(*) FROM plan_simulation_results r WHERE r.simulation_id = NEW.simulation_id) >= 2",
    );
    let interrupted: string;
    try {
      interrupted = await simulate();
      await waitForJobState(simulations.queue.queue, planSimulationJobId(interrupted), "failed");
    } finally {
      await repair();
    }
    expect(await getPlanSimulation(ground.db, interrupted)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/could not extend file/),
    });
    const storedBefore = await storedRows(interrupted);
    expect(storedBefore).toHaveLength(2);

    const listed = await replayFailedAndWait(simulations.queue.queue, planSimulationJobId(interrupted));
    expect(listed.attemptsMade).toBe(2);
    const resumed = await getPlanSimulation(ground.db, interrupted);
    expect(resumed).toMatchObject({ status: "succeeded", tenantsTotal: 5, tenantsDone: 5, error: null });
    // Resumed, not redone: the two tenants stored before the failure keep their rows (same row versions).
    const storedAfter = await storedRows(interrupted);
    expect(storedAfter).toHaveLength(5);
    for (const row of storedBefore) expect(storedAfter).toContainEqual(row);
    await expect(replayFailedJob(simulations.queue.queue, planSimulationJobId(interrupted))).rejects.toThrow(
      /not failed/,
    );

    const uninterrupted = await simulate();
    await waitForJobState(simulations.queue.queue, planSimulationJobId(uninterrupted), "completed");
    const reference = await getPlanSimulation(ground.db, uninterrupted);
    expect(reference.status).toBe("succeeded");
    expect(await results(interrupted)).toHaveLength(5);
    expect(await results(interrupted)).toEqual(await results(uninterrupted));
    expect(resumed.totals).toEqual(reference.totals);
    // The draft really moves the amounts, so equal results are not equal by accident.
    expect((await results(interrupted)).every((row) => row.after !== row.before)).toBe(true);
  }, 120_000);
});

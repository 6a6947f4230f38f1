import { getPipelineHealth } from "@tollgate/use-cases/pipeline";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { pipelineHealthJson } from "../../wire/index.ts";
import { pipelineHealthOutput } from "./pipeline-health-schemas.ts";

/**
 * The pipeline's health for operators: queues, lag, rating sweep, reconciliation, Redis and Postgres. Always 200
 * once access is decided: a store that is down is reported unreachable in the answer, never as an error.
 */
export const getPipelineHealthOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/admin/pipeline-health",
      summary:
        "Pipeline health: queue depth and throughput, ingest→ledger lag, rating sweep, reconciliation (operator)",
      description:
        "Every queue of the catalog with its job counts and completions per minute, the ingest→ledger lag of the " +
        "events recorded in the last five minutes, unrated events, the rating sweep's last run, the latest " +
        "reconciliation runs, and whether Redis and Postgres answer (with their round trip). A store that does not " +
        "answer within 1.5 s is reported unreachable and its sections carry an error instead of a value.",
      responseDescription: "pipeline health",
      errors: [400, 401, 403],
    },
  })
  .input(z.strictObject({}))
  .output(pipelineHealthOutput)
  .query(async ({ ctx }) => {
    if (!ctx.pipelineProbe) throw new Error("pipelineHealth.get was called without the pipelineProbe port");
    return pipelineHealthJson(await getPipelineHealth(ctx.db, ctx.pipelineProbe));
  });

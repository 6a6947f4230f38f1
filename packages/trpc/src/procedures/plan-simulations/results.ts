import { AppError } from "@tollgate/domain";
import { listSimulationResults, SIMULATION_RESULT_SORTS } from "@tollgate/use-cases/plan-simulations";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "../opaque-cursor.ts";
import { resultJson, resultOutput, SIMULATION_PATH, simulationIdParam } from "./simulation-schemas.ts";

export const MAX_RESULTS_PAGE = 500;
const LIMIT_MESSAGE = `must be a whole number from 1 to ${MAX_RESULTS_PAGE.toString()}`;
const positionSchema = z.tuple([z.string().max(1000), z.uuid()]);

/** One keyset page of a simulation's per-tenant before / after / difference, sorted (operator). */
export const planSimulationResultsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: `${SIMULATION_PATH}/results`,
      summary: "A plan simulation's per-tenant results, sorted, a page at a time (operator)",
      description: "Pass next_cursor as cursor (with the same sort and direction) for the next page.",
      responseDescription: "a page of results",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      simulationId: simulationIdParam,
      sort: z.enum(SIMULATION_RESULT_SORTS).optional().describe("default difference"),
      direction: z.enum(["asc", "desc"]).optional().describe("default desc"),
      cursor: z.string().min(1).max(2000).optional().describe("next_cursor of the previous page, unchanged"),
      limit: z.coerce
        .number({ error: LIMIT_MESSAGE })
        .int(LIMIT_MESSAGE)
        .min(1, LIMIT_MESSAGE)
        .max(MAX_RESULTS_PAGE, LIMIT_MESSAGE)
        .optional()
        .describe("page size, default 100"),
    }),
  )
  .output(
    z.object({
      results: z.array(resultOutput),
      next_cursor: z.string().nullable().describe("pass as cursor for the next page; null on the last page"),
    }),
  )
  .query(async ({ ctx, input }) => {
    const sort = input.sort ?? "difference";
    const direction = input.direction ?? "desc";
    // The cursor is bound to the simulation and the order, so it cannot be replayed against another.
    const scope = `plan-simulation-results:${input.simulationId}:${sort}:${direction}`;
    const invalid = () => new AppError("bad_request", "invalid cursor: pass next_cursor unchanged");
    const after =
      input.cursor === undefined ? undefined : decodeOpaqueCursor(input.cursor, scope, positionSchema, invalid);
    const page = await listSimulationResults(ctx.db, input.simulationId, {
      sort,
      direction,
      limit: input.limit ?? 100,
      ...(after ? { after: { value: after[0], tenantId: after[1] } } : {}),
    });
    return {
      results: page.results.map(resultJson),
      next_cursor: page.next ? encodeOpaqueCursor([page.next.value, page.next.tenantId], scope) : null,
    };
  });

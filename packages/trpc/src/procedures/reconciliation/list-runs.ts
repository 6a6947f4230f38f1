import { RECONCILIATION_CHECKS } from "@tollgate/domain";
import { listReconciliationRuns } from "@tollgate/use-cases/reconciliation";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { reconciliationRunJson } from "../../wire/index.ts";

const RUNS_MESSAGE = "must be a whole number from 1 to 100";
/** Findings listed per run; findings_count tells how many there were. */
const FINDINGS_PER_RUN = 200;

const exact = (what: string) => z.string().describe(`${what}: exact decimal string`);

const runOutput = z.object({
  id: z.uuid(),
  status: z.enum(["running", "clean", "drift", "failed"]),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  periods_from: z.string().describe("the oldest billing period checked (the current one and the previous N)"),
  tenants_checked: z.number().int(),
  event_periods_checked: z.number().int().describe("(tenant, period) pairs whose rated events were summed"),
  invoices_checked: z.number().int(),
  findings_count: z.number().int(),
  error: z.string().nullable().describe("why a failed run failed"),
  findings: z
    .array(
      z.object({
        check: z.enum(RECONCILIATION_CHECKS),
        tenant_id: z.uuid(),
        period_start: z.string().describe("billing period: of occurrence for ledger checks, billed for invoices"),
        currency: z.string(),
        expected: exact("what the source says"),
        actual: exact("what was derived from it"),
        difference: exact("actual − expected"),
        detail: z.string(),
      }),
    )
    .describe(`at most ${FINDINGS_PER_RUN.toString()} per run, by check, tenant and period`),
});

/** The latest reconciliation runs with their findings: billing drift, for operators. */
export const listReconciliationRunsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/admin/reconciliation/runs",
      summary: "Latest billing reconciliation runs, newest first, with their drift findings (operator)",
      description:
        "Each run compares rated events with the ledger, the ledger with its period totals, and finalized invoices " +
        "with the totals they billed, for the current and previous billing periods; any difference is a finding.",
      responseDescription: "reconciliation runs",
      errors: [400, 401, 403],
    },
  })
  .input(
    z.strictObject({
      limit: z.coerce
        .number({ error: RUNS_MESSAGE })
        .int(RUNS_MESSAGE)
        .min(1, RUNS_MESSAGE)
        .max(100, RUNS_MESSAGE)
        .optional()
        .describe("runs to return, default 10"),
    }),
  )
  .output(z.object({ runs: z.array(runOutput).describe("newest first") }))
  .query(async ({ ctx, input }) => {
    const runs = await listReconciliationRuns(ctx.db, { limit: input.limit ?? 10, findingsPerRun: FINDINGS_PER_RUN });
    return { runs: runs.map(reconciliationRunJson) };
  });

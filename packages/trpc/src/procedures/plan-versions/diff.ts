import { diffPlanVersions } from "@tollgate/use-cases/pricing";
import { planVersionJson, planVersionsDiffJson } from "../../wire/index.ts";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { PLANS_PATH } from "../plans/plan-schemas.ts";
import { uuidParam } from "../admin-fields.ts";
import { planIdParam, planVersionOutput } from "./plan-version-schemas.ts";

const jsonLeaf = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const changeKind = z.enum(["added", "removed", "changed", "unchanged"]);

/** Two versions of a plan compared, A → B: rates and pricing document fields (operator). */
export const diffPlanVersionsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: `${PLANS_PATH}/{planId}/diff`,
      summary: "Compare two versions of a plan: rates added, removed, changed and pricing fields changed (operator)",
      description:
        "Operator key (admin scope, no tenant); tenant keys get 403. `a` is the older side (before), `b` the newer " +
        "(after); change_percent is (after − before) / before × 100, exact, null from a zero price.",
      responseDescription: "the differences, and how many rates and fields are unchanged",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      planId: planIdParam,
      a: uuidParam("plan version").describe("version A (before)"),
      b: uuidParam("plan version").describe("version B (after)"),
      include_unchanged: z
        .enum(["true", "false"])
        .transform((value) => value === "true")
        .optional()
        .describe("true: list unchanged rates too (they are always counted)"),
    }),
  )
  .output(
    z.object({
      a: planVersionOutput,
      b: planVersionOutput,
      rates: z.object({
        entries: z
          .array(
            z.object({
              model_id: z.string(),
              token_type: z.string(),
              condition: z.string(),
              kind: changeKind,
              before: z.string().nullable(),
              after: z.string().nullable(),
              change_percent: z.string().nullable(),
            }),
          )
          .describe("by model, condition, token type"),
        counts: z.record(changeKind, z.number().int()),
      }),
      pricing: z.object({
        changes: z.array(z.object({ path: z.string(), before: jsonLeaf.optional(), after: jsonLeaf.optional() })),
        unchanged_count: z.number().int(),
      }),
    }),
  )
  .query(async ({ ctx, input }) => {
    const diff = await diffPlanVersions(
      ctx.db,
      input.planId,
      { a: input.a, b: input.b },
      { includeUnchanged: input.include_unchanged ?? false },
    );
    return { a: planVersionJson(diff.a), b: planVersionJson(diff.b), ...planVersionsDiffJson(diff) };
  });

import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import { type PlanView } from "./plan-view.ts";

export interface CreatePlanInput {
  /** Stable identifier, e.g. "pro": 1-63 lower-case letters, digits, '-' or '_'. */
  code: string;
  name: string;
  description?: string | undefined;
}

const PLAN_CODE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * What the audit log records of a plan. Same fields as the REST shape today, but kept apart from it
 * (`@tollgate/trpc/wire`): audit entries are stored, so an API change must not change what they hold.
 */
function planAuditRecord(plan: PlanView) {
  return {
    id: plan.id,
    code: plan.code,
    name: plan.name,
    description: plan.description,
    created_at: plan.createdAt.toISOString(),
  };
}

function validatePlanInput(input: CreatePlanInput): Required<CreatePlanInput> {
  const problems: string[] = [];
  if (!PLAN_CODE.test(input.code)) problems.push("code: must be 1-63 lower-case letters, digits, '-' or '_'");
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) problems.push("name: must be 1-200 characters");
  const description = (input.description ?? "").trim();
  if (description.length > 2000) problems.push("description: at most 2000 characters");
  if (problems.length > 0) throw new AppError("bad_request", problems.join("; "));
  return { code: input.code, name, description };
}

/** Creates a plan (no versions yet); `conflict` when the code is taken. Audited. */
export async function createPlan(db: DbOrTx, input: CreatePlanInput, context: ChangeContext): Promise<PlanView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  const fields = validatePlanInput(input);
  return inTransaction(db, async (tx) => {
    // Serializes concurrent creations of one code, so the second gets a clear conflict, not a unique violation.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`plan:${fields.code}`}, 0))`;
    if (await tx.plan.findUnique({ where: { code: fields.code }, select: { id: true } })) {
      throw new AppError("conflict", `code: a plan with code "${fields.code}" already exists`);
    }
    const plan = await tx.plan.create({ data: fields });
    await writeAuditLog(tx, {
      actor,
      action: "plan.create",
      targetType: "plan",
      targetId: plan.id,
      reason,
      before: null,
      after: planAuditRecord(plan),
    });
    return plan;
  });
}

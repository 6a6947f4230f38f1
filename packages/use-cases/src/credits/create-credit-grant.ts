import { AppError, money, toDecimalString } from "@tollgate/domain";
import type { DbOrTx, CreditGrantKind } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import {
  inTransaction,
  lockTenant,
  parseField,
  reasonOf,
  requireCurrency,
  requireOperator,
  type ChangeContext,
} from "../shared/change-context.ts";
import {
  type CreditGrantView,
  type CreditGrantOptions,
  creditGrantAuditRecord,
  grantView,
  positiveAmount,
} from "./credit-grant-row.ts";

const CREDIT_GRANT_KINDS: readonly string[] = ["paid", "promotional"] satisfies CreditGrantKind[];

export interface CreateCreditGrantInput {
  kind: CreditGrantKind;
  /** > 0, decimal string. */
  amount: string;
  currency: string;
  /** Default 0. */
  priority?: number | undefined;
  expiresAt?: Date | null | undefined;
}

/**
 * Grants credit to a tenant (paid or promotional) and appends its `credit_grant` ledger entry (−amount, in the
 * tenant's favour; idempotency key `credit_grant:<grant id>`). Amount > 0, expiry in the future, reason required.
 * Audited.
 */
export async function createCreditGrant(
  db: DbOrTx,
  tenantId: string,
  input: CreateCreditGrantInput,
  context: ChangeContext,
  options: CreditGrantOptions = {},
): Promise<CreditGrantView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, true);
  const amount = parseField(positiveAmount, input.amount, "amount");
  const currency = requireCurrency(input.currency);
  const priority = input.priority ?? 0;
  if (!Number.isInteger(priority) || priority < -1_000_000 || priority > 1_000_000) {
    throw new AppError("bad_request", "priority: must be a whole number from -1000000 to 1000000");
  }
  if (!CREDIT_GRANT_KINDS.includes(input.kind)) {
    throw new AppError("bad_request", "kind: must be paid or promotional");
  }
  const now = options.now ?? new Date();
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && expiresAt <= now) throw new AppError("bad_request", "expires_at: must be in the future");
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const grant = await tx.creditGrant.create({
      // remaining is what the worker reads and spends; a grant starts with all of it.
      data: {
        tenantId,
        kind: input.kind,
        amount,
        remaining: amount,
        currency,
        priority,
        reason,
        grantedAt: now,
        expiresAt,
      },
    });
    await tx.ledgerEntry.create({
      data: {
        tenantId,
        kind: "credit_grant",
        amount: toDecimalString(money(amount).negated()),
        currency,
        occurredAt: now,
        idempotencyKey: `credit_grant:${grant.id}`,
        creditGrantId: grant.id,
        description: `${input.kind} credit grant: ${reason}`.slice(0, 500),
      },
    });
    const view = await grantView(tx, tenantId, grant.id, now);
    await writeAuditLog(tx, {
      actor,
      action: "credit_grant.create",
      tenantId,
      targetType: "credit_grant",
      targetId: grant.id,
      reason,
      before: null,
      after: creditGrantAuditRecord(view),
    });
    return view;
  });
}

import { AppError, money, toDecimalString } from "@tollgate/domain";
import type { DbOrTx, DbTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction, lockTenant, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import {
  type CreditGrantView,
  type CreditGrantOptions,
  creditGrantAuditRecord,
  grantView,
} from "./credit-grant-row.ts";

async function lockGrant(tx: DbTx, tenantId: string, grantId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM credit_grants
     WHERE id = ${grantId}::uuid AND tenant_id = ${tenantId}::uuid FOR NO KEY UPDATE`;
  if (rows.length === 0) throw new AppError("not_found", `the tenant has no credit grant ${grantId}`);
}

/**
 * Voids a grant: sets voided_at and, when some of it is unused, appends a `credit_expiry` ledger entry taking the
 * unused balance back (idempotency key `credit_void:<grant id>`), so the balance becomes 0 and never negative.
 * `conflict` when already voided; reason required. Audited.
 */
export async function voidCreditGrant(
  db: DbOrTx,
  tenantId: string,
  grantId: string,
  context: ChangeContext,
  options: CreditGrantOptions = {},
): Promise<CreditGrantView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, true);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    await lockGrant(tx, tenantId, grantId);
    const before = await grantView(tx, tenantId, grantId, now);
    if (before.voidedAt) {
      throw new AppError("conflict", `credit grant ${grantId} was already voided at ${before.voidedAt.toISOString()}`);
    }
    const unused = money(before.balance);
    if (unused.gt(0)) {
      await tx.ledgerEntry.create({
        data: {
          tenantId,
          kind: "credit_expiry",
          amount: toDecimalString(unused),
          currency: before.currency,
          occurredAt: now,
          idempotencyKey: `credit_void:${grantId}`,
          creditGrantId: grantId,
          description: `credit grant voided: ${reason}`.slice(0, 500),
        },
      });
    }
    await tx.creditGrant.update({
      where: { id: grantId },
      // The unused balance left with the entry above; remaining keeps matching the ledger.
      data: unused.gt(0) ? { voidedAt: now, remaining: { decrement: toDecimalString(unused) } } : { voidedAt: now },
    });
    const after = await grantView(tx, tenantId, grantId, now);
    await writeAuditLog(tx, {
      actor,
      action: "credit_grant.void",
      tenantId,
      targetType: "credit_grant",
      targetId: grantId,
      reason,
      before: creditGrantAuditRecord(before),
      after: creditGrantAuditRecord(after),
    });
    return after;
  });
}

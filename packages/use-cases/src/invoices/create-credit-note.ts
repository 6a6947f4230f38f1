import { AppError, minorUnitDigits, money, toDecimalString } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { createCreditGrant } from "../credits/create-credit-grant.ts";
import { inTransaction, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import { nextDocumentNumber } from "./document-numbers.ts";
import { lockInvoice, requireStatus } from "./invoice-change.ts";
import { recordCreditNoteEvent } from "./invoice-events.ts";
import { creditNoteView, type CreditNoteView } from "./invoice-view.ts";
import type { InvoiceIssuer } from "./invoice-issuer.ts";

export interface CreditNoteResult {
  creditNote: CreditNoteView;
  /** For a paid invoice the amount becomes a paid credit grant that future usage draws on; null otherwise. */
  creditGrantId: string | null;
}

/**
 * Issues a credit note against a finalized or paid invoice (reason required), for `amount` or, when absent, all
 * that is not credited yet; notes on one invoice never add up to more than its total. On a finalized invoice it
 * lowers the amount due; on a paid one it is returned as credit (a paid credit grant). The invoice itself never
 * changes. Numbered gaplessly (TG-CN-2026-000001). Audited.
 */
export async function createCreditNote(
  db: DbOrTx,
  invoiceId: string,
  issuer: InvoiceIssuer,
  input: { amount?: string | undefined },
  context: ChangeContext,
  options: { now?: Date } = {},
): Promise<CreditNoteResult> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, true);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const invoice = await lockInvoice(tx, invoiceId);
    requireStatus(invoice, ["finalized", "paid"], "credit it");
    const credited = invoice.creditNotes.reduce((sum, note) => sum.plus(note.amount), money("0"));
    const creditable = money(invoice.total).minus(credited);
    const amount = input.amount === undefined ? creditable : parseAmount(input.amount, invoice.currency);
    if (!amount.isPositive() || amount.isZero()) {
      throw new AppError(input.amount === undefined ? "conflict" : "bad_request", "amount: nothing left to credit");
    }
    if (amount.greaterThan(creditable)) {
      throw new AppError(
        "bad_request",
        `amount: at most ${creditable.toFixed()} ${invoice.currency} is left to credit`,
      );
    }
    let creditGrantId: string | null = null;
    if (invoice.status === "paid") {
      const grant = await createCreditGrant(
        tx,
        invoice.tenantId,
        { kind: "paid", amount: toDecimalString(amount), currency: invoice.currency },
        { actor: context.actor, reason: `credit note on ${invoice.number ?? invoiceId}: ${reason}`.slice(0, 2000) },
        { now },
      );
      creditGrantId = grant.id;
    }
    const number = await nextDocumentNumber(tx, issuer.code, "credit_note", now);
    const note = await tx.creditNote.create({
      data: {
        tenantId: invoice.tenantId,
        invoiceId,
        number,
        amount: toDecimalString(amount),
        currency: invoice.currency,
        reason,
        createdAt: now,
      },
    });
    const view = creditNoteView(note);
    await recordCreditNoteEvent(tx, view, invoice);
    await writeAuditLog(tx, {
      actor,
      action: "credit_note.create",
      tenantId: invoice.tenantId,
      targetType: "credit_note",
      targetId: note.id,
      reason,
      before: null,
      after: { ...view, creditGrantId },
    });
    return { creditNote: view, creditGrantId };
  });
}

function parseAmount(text: string, currency: string) {
  if (!/^\d{1,20}(\.\d+)?$/.test(text))
    throw new AppError("bad_request", 'amount: a positive decimal string, e.g. "12.50"');
  const amount = money(text);
  if (amount.decimalPlaces() > minorUnitDigits(currency)) {
    throw new AppError(
      "bad_request",
      `amount: at most ${minorUnitDigits(currency).toString()} decimals for ${currency}`,
    );
  }
  return amount;
}

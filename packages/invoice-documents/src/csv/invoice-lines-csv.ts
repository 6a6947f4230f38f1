import { formatMoneyDue, money } from "@tollgate/domain";
import { isoDay, lastDayOf } from "../dates.ts";
import type { InvoiceDocument } from "../invoice-document.ts";
import { fixedDecimalCell, integerCell, decimalCell, textCell, toCsv } from "./csv-cell.ts";

const HEADER = [
  "invoice_number",
  "period_start",
  "period_end",
  "section",
  "description",
  "model_id",
  "token_type",
  "quantity",
  "unit_price_per_million",
  "amount",
  "currency",
  "origin_period_start",
] as const;

/**
 * One CSV record per invoice line, nothing else: no subtotal, credit or tax rows mixed into the data, so every record
 * has the same meaning and a spreadsheet sum of `amount` is the subtotal plus the credits section. The totals are on
 * the invoice itself (and in the API). `invoice_number` is empty for the upcoming draft. `period_end` is the last day
 * of the period (inclusive), like the PDF; amounts are rounded to the currency's minor unit with all its decimals
 * ("12.30"), unit prices exact.
 */
export function invoiceLinesCsv(doc: InvoiceDocument): string {
  const periodStart = isoDay(doc.periodStart);
  const periodEnd = isoDay(lastDayOf(doc.periodEnd));
  const rows = doc.lines.map((line) => [
    textCell(doc.number),
    textCell(periodStart),
    textCell(periodEnd),
    textCell(line.section),
    textCell(line.description),
    textCell(line.modelId),
    textCell(line.tokenType),
    line.quantity === null ? textCell(null) : integerCell(line.quantity),
    line.unitPricePerMillion === null ? textCell(null) : decimalCell(line.unitPricePerMillion),
    fixedDecimalCell(formatMoneyDue(money(line.amount), doc.currency)),
    textCell(doc.currency),
    textCell(line.originPeriodStart === null ? null : isoDay(line.originPeriodStart)),
  ]);
  return toCsv(HEADER, rows);
}

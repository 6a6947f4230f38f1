import { formatCount, formatMoney, formatUnitPrice, money, toDecimalString } from "@tollgate/domain";
import { pdfCurrencySymbol } from "./pdf-text.ts";

/** The invoice's currency bound to the domain's formatters, with a symbol Helvetica can draw. */
export interface InvoiceFormatter {
  money(amount: string): string;
  unitPrice(amount: string): string;
  count(quantity: string): string;
  /** "0.2" → "20%". */
  percent(fraction: string): string;
}

export function invoiceFormatter(currency: string): InvoiceFormatter {
  const symbol = pdfCurrencySymbol(currency);
  return {
    money: (amount) => formatMoney(amount, currency, symbol),
    unitPrice: (amount) => formatUnitPrice(amount, currency, symbol),
    count: (quantity) => formatCount(quantity),
    percent: (fraction) => `${toDecimalString(money(fraction).times(100))}%`,
  };
}

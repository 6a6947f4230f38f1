import { longDay, shortMonth } from "../dates.ts";
import type { InvoiceDocument } from "../invoice-document.ts";
import type { InvoiceFormatter } from "./invoice-formatter.ts";
import { COLOR } from "./theme.ts";

/** What each status says at the top of page 1, on the stamp, and in every page's footer. */
export interface StatusText {
  stamp: { text: string; color: string } | null;
  /** The stamp's word also goes diagonally across every page (drafts and void invoices). */
  watermark: boolean;
  headline: string;
  headlineColor: string;
  subline: string | null;
  footer: string;
}

export const DRAFT_LABEL = "Upcoming invoice — draft, not final";

export function statusText(doc: InvoiceDocument, format: InvoiceFormatter): StatusText {
  const total = format.money(doc.total);
  const due = doc.dueAt === null ? "" : ` due ${longDay(doc.dueAt)}`;
  switch (doc.status) {
    case "draft":
      return {
        stamp: { text: "DRAFT", color: COLOR.draft },
        watermark: true,
        headline: DRAFT_LABEL,
        headlineColor: COLOR.draft,
        subline: `${total} so far for ${shortMonth(doc.periodStart)}. Amounts change until the period is finalized.`,
        footer: `Upcoming invoice for ${doc.tenant.name} · draft, not final`,
      };
    case "void":
      return {
        stamp: { text: "VOID", color: COLOR.void },
        watermark: true,
        headline: `VOID — ${total} no longer due`,
        headlineColor: COLOR.void,
        subline: `Reason: ${doc.voidReason ?? "not given"}`,
        footer: `${doc.number ?? "Invoice"} · VOID`,
      };
    case "paid":
      return {
        stamp: { text: "PAID", color: COLOR.paid },
        watermark: false,
        headline: `${total} paid`,
        headlineColor: COLOR.paid,
        subline: null,
        footer: `${doc.number ?? "Invoice"} · ${total} paid`,
      };
    case "finalized":
      return {
        stamp: null,
        watermark: false,
        headline: `${format.money(doc.amountDue)}${due}`,
        headlineColor: COLOR.text,
        subline: null,
        footer: `${doc.number ?? "Invoice"} · ${format.money(doc.amountDue)}${due}`,
      };
  }
}

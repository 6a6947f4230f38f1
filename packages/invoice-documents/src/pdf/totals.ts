import { money } from "@tollgate/domain";
import { longDay } from "../dates.ts";
import type { InvoiceDocument } from "../invoice-document.ts";
import { drawRule, drawText, measureText } from "./draw.ts";
import type { InvoiceFormatter } from "./invoice-formatter.ts";
import type { PageFlow } from "./page-flow.ts";
import { CONTENT_WIDTH, COLOR, PAGE, SIZE } from "./theme.ts";

const BLOCK_X = PAGE.left + CONTENT_WIDTH / 2;
const BLOCK_WIDTH = PAGE.right - BLOCK_X;
const AMOUNT_WIDTH = 110;
const ROW = 16;

interface TotalRow {
  label: string;
  amount: string;
  strong?: boolean;
}

/** "Amount due" follows the status: a paid or void invoice owes nothing, a draft only estimates. */
function amountDueRows(doc: InvoiceDocument, format: InvoiceFormatter): TotalRow[] {
  const total = format.money(doc.total);
  const zero = format.money("0");
  switch (doc.status) {
    case "draft":
      return [{ label: "Amount due (estimate, not final)", amount: total, strong: true }];
    case "finalized":
      return [
        ...creditNoteRows(doc, format),
        { label: "Amount due", amount: format.money(doc.amountDue), strong: true },
      ];
    case "paid":
      return [
        { label: "Amount paid", amount: total },
        { label: "Amount due", amount: zero, strong: true },
      ];
    case "void":
      return [{ label: "Amount due (void)", amount: zero, strong: true }];
  }
}

/** Credit notes lower what a finalized invoice still owes: total − amount due, shown as one negative row. */
function creditNoteRows(doc: InvoiceDocument, format: InvoiceFormatter): TotalRow[] {
  if (doc.creditNotes.length === 0) return [];
  return [{ label: "Credit notes", amount: format.money(money(doc.amountDue).minus(money(doc.total)).toFixed()) }];
}

function totalRows(doc: InvoiceDocument, format: InvoiceFormatter): TotalRow[] {
  return [
    { label: "Subtotal", amount: format.money(doc.subtotal) },
    { label: "Credits applied", amount: format.money(doc.creditsApplied) },
    { label: `Tax (${format.percent(doc.taxRate)})`, amount: format.money(doc.tax) },
    { label: "Total", amount: format.money(doc.total), strong: true },
    ...amountDueRows(doc, format),
  ];
}

/** Subtotal → amount due, right half of the page, kept together on one page. */
export function drawTotals(flow: PageFlow, doc: InvoiceDocument, format: InvoiceFormatter): void {
  const rows = totalRows(doc, format);
  flow.ensureRoom(16 + rows.length * ROW + 8);
  flow.y += 16;
  for (const row of rows) {
    const { pdf } = flow;
    if (row.strong === true) drawRule(pdf, BLOCK_X, PAGE.right, flow.y - 3, COLOR.strongRule);
    const style = { font: row.strong === true ? "bold" : "regular" } as const;
    drawText(pdf, row.label, BLOCK_X, flow.y + 1, BLOCK_WIDTH - AMOUNT_WIDTH, style);
    drawText(pdf, row.amount, PAGE.right - AMOUNT_WIDTH, flow.y + 1, AMOUNT_WIDTH, { ...style, align: "right" });
    flow.y += ROW;
  }
}

function drawHeading(flow: PageFlow, title: string, firstHeight: number): void {
  flow.ensureRoom(30 + firstHeight);
  flow.y += 18;
  flow.y += drawText(flow.pdf, title, PAGE.left, flow.y, CONTENT_WIDTH, { font: "bold", size: 10 }) + 4;
}

/** Credit notes issued against this invoice: number, date, reason, amount. */
export function drawCreditNotes(flow: PageFlow, doc: InvoiceDocument, format: InvoiceFormatter): void {
  const texts = doc.creditNotes.map((note) => ({
    label: `${note.number} · ${longDay(note.createdAt)} · ${note.reason}`,
    amount: format.money(note.amount),
  }));
  const width = CONTENT_WIDTH - AMOUNT_WIDTH - 10;
  const [first] = texts;
  if (first === undefined) return;
  drawHeading(flow, "Credit notes", measureText(flow.pdf, first.label, width));
  for (const { label, amount } of texts) {
    flow.ensureRoom(measureText(flow.pdf, label, width) + 6);
    drawText(flow.pdf, amount, PAGE.right - AMOUNT_WIDTH, flow.y, AMOUNT_WIDTH, { align: "right" });
    flow.y += drawText(flow.pdf, label, PAGE.left, flow.y, width) + 6;
  }
}

/** Free-text notes from the engine (late usage policy, payment terms), small and grey. */
export function drawNotes(flow: PageFlow, notes: readonly string[]): void {
  const style = { size: SIZE.label, color: COLOR.muted } as const;
  const [first] = notes;
  if (first === undefined) return;
  drawHeading(flow, "Notes", measureText(flow.pdf, first, CONTENT_WIDTH, style));
  for (const note of notes) {
    flow.ensureRoom(measureText(flow.pdf, note, CONTENT_WIDTH, style) + 4);
    flow.y += drawText(flow.pdf, note, PAGE.left, flow.y, CONTENT_WIDTH, style) + 4;
  }
}

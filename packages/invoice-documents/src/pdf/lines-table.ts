import { shortMonth } from "../dates.ts";
import type { InvoiceDocumentLine, InvoiceLineSection } from "../invoice-document.ts";
import { drawRule, drawText, measureText } from "./draw.ts";
import type { InvoiceFormatter } from "./invoice-formatter.ts";
import type { PageFlow } from "./page-flow.ts";
import { COLOR, PAGE, SIZE } from "./theme.ts";

/** Section order and headings on the PDF (CSV keeps the section key). */
const INVOICE_SECTIONS: readonly { section: InvoiceLineSection; title: string }[] = [
  { section: "usage", title: "Usage" },
  { section: "fees", title: "Request fees" },
  { section: "discounts", title: "Allowances and caps" },
  { section: "commitment", title: "Commitment" },
  { section: "adjustments", title: "Adjustments" },
  { section: "late_usage", title: "Late usage from earlier periods" },
  { section: "credits", title: "Credits" },
];

const GAP = 10;
const COLUMNS = {
  quantity: { width: 92, title: "Quantity" },
  unitPrice: { width: 88, title: "Unit price / 1M" },
  amount: { width: 78, title: "Amount" },
} as const;
const AMOUNT_X = PAGE.right - COLUMNS.amount.width;
const UNIT_X = AMOUNT_X - GAP - COLUMNS.unitPrice.width;
const QUANTITY_X = UNIT_X - GAP - COLUMNS.quantity.width;
const DESCRIPTION_WIDTH = QUANTITY_X - GAP - PAGE.left;
const DETAIL_INDENT = 8;
const ROW_PADDING = 4;
const HEADER_HEIGHT = 17;
/** The most a row can be given on a fresh page, below the repeated header. */
const ROOM_ON_A_PAGE = PAGE.contentBottom - PAGE.top - HEADER_HEIGHT;

interface RowText {
  description: string;
  subRows: string[];
  quantity: string;
  unitPrice: string;
  amount: string;
}

function rowText(line: InvoiceDocumentLine, format: InvoiceFormatter): RowText {
  const origin = line.originPeriodStart === null ? [] : [`usage from ${shortMonth(line.originPeriodStart)}`];
  return {
    description: line.description,
    subRows: [...origin, ...line.details],
    quantity: line.quantity === null ? "" : format.count(line.quantity),
    unitPrice: line.unitPricePerMillion === null ? "" : format.unitPrice(line.unitPricePerMillion),
    amount: format.money(line.amount),
  };
}

function numericCells(row: RowText): [string, number, number][] {
  return [
    [row.quantity, QUANTITY_X, COLUMNS.quantity.width],
    [row.unitPrice, UNIT_X, COLUMNS.unitPrice.width],
    [row.amount, AMOUNT_X, COLUMNS.amount.width],
  ];
}

function rowHeight(pdf: PDFKit.PDFDocument, row: RowText): number {
  const sub = row.subRows.reduce(
    (sum, text) => sum + measureText(pdf, text, DESCRIPTION_WIDTH - DETAIL_INDENT, { size: SIZE.small }),
    0,
  );
  const description = measureText(pdf, row.description, DESCRIPTION_WIDTH) + (sub > 0 ? sub + 2 : 0);
  const numbers = numericCells(row).map(([text, , width]) => measureText(pdf, text, width));
  return Math.max(description, ...numbers) + 2 * ROW_PADDING;
}

function drawHeaderRow(flow: PageFlow, continued: boolean): void {
  const style = { font: "bold", size: SIZE.label, color: COLOR.muted } as const;
  const { pdf, y } = flow;
  drawText(pdf, continued ? "Description (continued)" : "Description", PAGE.left, y, DESCRIPTION_WIDTH, style);
  for (const [title, x, width] of [
    [COLUMNS.quantity.title, QUANTITY_X, COLUMNS.quantity.width],
    [COLUMNS.unitPrice.title, UNIT_X, COLUMNS.unitPrice.width],
    [COLUMNS.amount.title, AMOUNT_X, COLUMNS.amount.width],
  ] as const) {
    drawText(pdf, title, x, y, width, { ...style, align: "right" });
  }
  drawRule(pdf, PAGE.left, PAGE.right, y + 13, COLOR.strongRule);
  flow.y = y + HEADER_HEIGHT;
}

/**
 * Draws a row at the cursor and moves the cursor below it. The caller made room for the whole row when it fits on a
 * page; a row taller than a page (a line with very many detail rows) continues its detail rows on the next page.
 */
function drawRow(flow: PageFlow, row: RowText, onNewPage: () => void): void {
  const { pdf } = flow;
  const top = flow.y + ROW_PADDING;
  const numbers = numericCells(row).map(([text, x, width]) => drawText(pdf, text, x, top, width, { align: "right" }));
  let bottom = top + Math.max(...numbers);
  let y = top + drawText(pdf, row.description, PAGE.left, top, DESCRIPTION_WIDTH);
  if (row.subRows.length > 0) y += 2;
  const style = { size: SIZE.small, color: COLOR.muted } as const;
  for (const text of row.subRows) {
    const height = measureText(pdf, text, DESCRIPTION_WIDTH - DETAIL_INDENT, style);
    flow.y = y;
    if (flow.ensureRoom(height + ROW_PADDING, onNewPage)) {
      y = flow.y + ROW_PADDING;
      bottom = y;
    }
    y += drawText(pdf, text, PAGE.left + DETAIL_INDENT, y, DESCRIPTION_WIDTH - DETAIL_INDENT, style);
  }
  flow.y = Math.max(y, bottom) + ROW_PADDING;
}

/**
 * The invoice lines grouped by section (in INVOICE_SECTIONS order), one row per line with its detail rows under it.
 * A row fitting on a page never splits across pages; a page break repeats the column header, and a section title is
 * never left alone at the bottom of a page.
 */
export function drawLinesTable(flow: PageFlow, lines: readonly InvoiceDocumentLine[], format: InvoiceFormatter): void {
  const repeatHeader = (): void => {
    drawHeaderRow(flow, true);
  };
  drawHeaderRow(flow, false);
  for (const { section, title } of INVOICE_SECTIONS) {
    const rows = lines.filter((line) => line.section === section).map((line) => rowText(line, format));
    const [first] = rows;
    if (first === undefined) continue;
    const titleHeight = 22;
    flow.ensureRoom(titleHeight + rowHeight(flow.pdf, first), repeatHeader);
    drawText(flow.pdf, title, PAGE.left, flow.y + 9, DESCRIPTION_WIDTH, { font: "bold", size: 9.5 });
    flow.y += titleHeight;
    for (const row of rows) {
      // A row taller than a page will split anyway: it starts here when its first detail row fits.
      const height = rowHeight(flow.pdf, row);
      const head = { ...row, subRows: row.subRows.slice(0, 1) };
      flow.ensureRoom(height <= ROOM_ON_A_PAGE ? height : rowHeight(flow.pdf, head), repeatHeader);
      drawRow(flow, row, repeatHeader);
      drawRule(flow.pdf, PAGE.left, PAGE.right, flow.y);
    }
  }
}

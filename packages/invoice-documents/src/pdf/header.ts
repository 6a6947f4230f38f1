import { longDay, periodRange } from "../dates.ts";
import type { InvoiceDocument } from "../invoice-document.ts";
import { drawText } from "./draw.ts";
import type { StatusText } from "./status-text.ts";
import { CONTENT_WIDTH, COLOR, PAGE, SIZE } from "./theme.ts";

const LABEL_WIDTH = 90;
const COLUMN_GAP = 30;
const HALF = (CONTENT_WIDTH - COLUMN_GAP) / 2;

function metaRows(doc: InvoiceDocument): [string, string][] {
  return [
    ["Invoice number", doc.number ?? "assigned when finalized"],
    ["Date of issue", doc.issuedAt === null ? "not issued yet" : longDay(doc.issuedAt)],
    ["Date due", doc.dueAt === null ? "—" : longDay(doc.dueAt)],
    ["Billing period", `${periodRange(doc.periodStart, doc.periodEnd)} (UTC)`],
  ];
}

function drawStamp(pdf: PDFKit.PDFDocument, stamp: NonNullable<StatusText["stamp"]>): void {
  const width = 70;
  const x = PAGE.right - width;
  pdf.save().roundedRect(x, PAGE.top, width, 24, 4).lineWidth(1.5).strokeColor(stamp.color).stroke().restore();
  drawText(pdf, stamp.text, x, PAGE.top + 7, width, { font: "bold", size: 11, color: stamp.color, align: "center" });
}

/** A column of "label" + lines; returns its height. */
function drawParty(
  pdf: PDFKit.PDFDocument,
  x: number,
  y: number,
  label: string,
  name: string,
  lines: string[],
): number {
  let at = y + drawText(pdf, label, x, y, HALF, { size: SIZE.label, color: COLOR.muted }) + 2;
  at += drawText(pdf, name, x, at, HALF, { font: "bold", size: 10 });
  for (const line of lines) at += drawText(pdf, line, x, at, HALF);
  return at - y;
}

/** Title, invoice facts, issuer and bill-to, the headline amount; returns the y below it. */
export function drawHeader(pdf: PDFKit.PDFDocument, doc: InvoiceDocument, status: StatusText): number {
  let y = PAGE.top;
  drawText(pdf, "Invoice", PAGE.left, y, 300, { font: "bold", size: SIZE.title });
  if (status.stamp !== null) drawStamp(pdf, status.stamp);
  y += 38;
  for (const [label, value] of metaRows(doc)) {
    drawText(pdf, label, PAGE.left, y, LABEL_WIDTH, { color: COLOR.muted });
    y += drawText(pdf, value, PAGE.left + LABEL_WIDTH, y, CONTENT_WIDTH - LABEL_WIDTH, { font: "bold" }) + 2;
  }
  y += 18;
  const issuerLines = [
    ...doc.issuer.addressLines,
    ...(doc.issuer.email === null ? [] : [doc.issuer.email]),
    ...(doc.issuer.taxId === null ? [] : [`Tax ID: ${doc.issuer.taxId}`]),
  ];
  const tenantLines = [`Account: ${doc.tenant.slug}`, `Tenant ID: ${doc.tenant.id}`];
  const left = drawParty(pdf, PAGE.left, y, "From", doc.issuer.name, issuerLines);
  const right = drawParty(pdf, PAGE.left + HALF + COLUMN_GAP, y, "Bill to", doc.tenant.name, tenantLines);
  y += Math.max(left, right) + 22;
  y += drawText(pdf, status.headline, PAGE.left, y, CONTENT_WIDTH, {
    font: "bold",
    size: SIZE.lead,
    color: status.headlineColor,
  });
  if (status.subline !== null)
    y += 3 + drawText(pdf, status.subline, PAGE.left, y + 3, CONTENT_WIDTH, { color: COLOR.muted });
  return y + 20;
}

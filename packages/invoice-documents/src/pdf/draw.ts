import { COLOR, FONT, SIZE } from "./theme.ts";
import { pdfSafeText } from "./pdf-text.ts";

export interface TextStyle {
  font?: keyof typeof FONT;
  size?: number;
  color?: string;
  align?: "left" | "right" | "center";
}

const LINE_GAP = 1.5;

function apply(doc: PDFKit.PDFDocument, style: TextStyle): void {
  doc
    .font(FONT[style.font ?? "regular"])
    .fontSize(style.size ?? SIZE.body)
    .fillColor(style.color ?? COLOR.text);
}

/** Height the text takes wrapped to `width` (long words without spaces are broken, never overflow). */
export function measureText(doc: PDFKit.PDFDocument, text: string, width: number, style: TextStyle = {}): number {
  apply(doc, style);
  return doc.heightOfString(pdfSafeText(text), { width, lineGap: LINE_GAP });
}

/** Draws wrapped text with its top at (x, y); returns the height used. Every string goes through pdfSafeText. */
export function drawText(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  width: number,
  style: TextStyle = {},
): number {
  const safe = pdfSafeText(text);
  apply(doc, style);
  const height = doc.heightOfString(safe, { width, lineGap: LINE_GAP });
  doc.text(safe, x, y, { width, align: style.align ?? "left", lineGap: LINE_GAP });
  return height;
}

export function drawRule(doc: PDFKit.PDFDocument, x1: number, x2: number, y: number, color: string = COLOR.rule): void {
  doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(0.75).strokeColor(color).stroke().restore();
}

import { drawRule, drawText } from "./draw.ts";
import type { StatusText } from "./status-text.ts";
import { COLOR, PAGE, SIZE } from "./theme.ts";

/**
 * Drawn on every page after the content is laid out (pages are buffered), because "Page 1 of N" needs N. The footer
 * sits below PAGE.contentBottom, where the flow never draws; the page's bottom margin is 0 while it is written so
 * PDFKit does not start a new page for it.
 */
/** A faint diagonal word across the page: nobody can mistake a printed draft or void invoice for one to pay. */
function drawWatermark(pdf: PDFKit.PDFDocument, text: string, color: string): void {
  const centerX = PAGE.width / 2;
  const centerY = PAGE.height / 2;
  pdf
    .save()
    .rotate(-35, { origin: [centerX, centerY] })
    .fillOpacity(0.07);
  drawText(pdf, text, centerX - 300, centerY - 60, 600, { font: "bold", size: 120, color, align: "center" });
  pdf.restore();
}

export function drawPageFurniture(pdf: PDFKit.PDFDocument, status: StatusText): void {
  const range = pdf.bufferedPageRange();
  const style = { size: SIZE.label, color: COLOR.muted } as const;
  for (let index = range.start; index < range.start + range.count; index += 1) {
    pdf.switchToPage(index);
    pdf.page.margins.bottom = 0;
    if (status.stamp !== null && index > range.start) {
      // Later pages carry the status too, small, so a printed page 2 of a draft is never mistaken for final.
      drawText(pdf, status.stamp.text, PAGE.right - 100, PAGE.top - 28, 100, {
        font: "bold",
        size: 9,
        color: status.stamp.color,
        align: "right",
      });
    }
    drawRule(pdf, PAGE.left, PAGE.right, PAGE.footerY - 8);
    drawText(pdf, status.footer, PAGE.left, PAGE.footerY, 360, style);
    drawText(pdf, `Page ${index - range.start + 1} of ${range.count}`, PAGE.right - 120, PAGE.footerY, 120, {
      ...style,
      align: "right",
    });
    // Last on the page: text drawn after it would join its (diagonal) word in text extraction.
    if (status.watermark) drawWatermark(pdf, status.stamp?.text ?? "", status.stamp?.color ?? COLOR.muted);
  }
}

import { PAGE } from "./theme.ts";

/**
 * The vertical cursor over pages. Content asks for room before it draws a block; when the block does not fit, a new
 * page starts and `onNewPage` draws what must be repeated there (a table's header).
 */
export class PageFlow {
  y: number;

  constructor(
    readonly pdf: PDFKit.PDFDocument,
    y: number,
  ) {
    this.y = y;
  }

  /** Starts a new page when `height` does not fit below the cursor. Returns true when it did. */
  ensureRoom(height: number, onNewPage?: () => void): boolean {
    if (this.y + height <= PAGE.contentBottom) return false;
    this.pdf.addPage();
    this.y = PAGE.top;
    onNewPage?.();
    return true;
  }
}

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Poppler's command-line tools over a rendered PDF (Debian poppler-utils; .ci/run installs it). Text is extracted
 * with -nodiag (unless asked) so the diagonal DRAFT/VOID watermark does not break up the lines it crosses.
 */
export class RenderedPdf {
  private readonly dir = mkdtempSync(join(tmpdir(), "invoice-pdf-"));
  readonly file = join(this.dir, "invoice.pdf");

  constructor(readonly bytes: Buffer) {
    writeFileSync(this.file, bytes);
  }

  text(mode: "-layout" | "-raw" = "-layout", { diagonal = false } = {}): string {
    const args = [mode, ...(diagonal ? [] : ["-nodiag"]), this.file, "-"];
    return execFileSync("pdftotext", args, { encoding: "utf8" });
  }

  info(): Record<string, string> {
    const output = execFileSync("pdfinfo", ["-isodates", this.file], { encoding: "utf8" });
    return Object.fromEntries(
      output.split("\n").flatMap((line) => {
        const match = /^([^:]+):\s*(.*)$/.exec(line);
        return match === null ? [] : [[match[1]!, match[2]!]];
      }),
    );
  }

  /** Every word with its box, in points (pdftotext -bbox). */
  words(): Word[] {
    const html = execFileSync("pdftotext", ["-bbox", "-nodiag", this.file, "-"], { encoding: "utf8" });
    const words: Word[] = [];
    let page = 0;
    for (const line of html.split("\n")) {
      if (line.includes("<page ")) page += 1;
      const match = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
      if (match === null) continue;
      const [xMin, yMin, xMax, yMax] = match.slice(1, 5).map(Number) as [number, number, number, number];
      words.push({ word: match[5]!, xMin, yMin, xMax, yMax, page });
    }
    return words;
  }

  /** Page `page` as a PNG at `dpi` (pdftoppm), returned as bytes. */
  pagePng(page: number, dpi: number): Buffer {
    const prefix = join(this.dir, "page");
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      String(dpi),
      "-f",
      String(page),
      "-l",
      String(page),
      "-singlefile",
      this.file,
      prefix,
    ]);
    return readFileSync(`${prefix}.png`);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Word {
  word: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  page: number;
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.subarray(1, 4).toString("latin1") !== "PNG") throw new Error("not a PNG");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

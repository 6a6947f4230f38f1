import { describe, expect, it } from "vitest";
import { pdfCurrencySymbol, pdfSafeText } from "../src/pdf/pdf-text.ts";

describe("pdfSafeText", () => {
  it("keeps Latin-1 and WinAnsi marks, strips accents Latin-1 lacks, replaces the rest", () => {
    expect(pdfSafeText("Zürich São Paulo € — “x” · ß")).toBe("Zürich São Paulo € — “x” · ß");
    expect(pdfSafeText("Ōsaka Łódź Kraków")).toBe("Osaka Lódz Kraków");
    expect(pdfSafeText("e\u0301te\u0301")).toBe("été");
    expect(pdfSafeText("株式会社 🚀 −5")).toBe("???? ? -5");
    expect(pdfSafeText("a\u200db\tc\u0007")).toBe("ab c ");
  });

  it("uses a symbol only when Helvetica can draw it", () => {
    expect(pdfCurrencySymbol("EUR")).toBe("€");
    expect(pdfCurrencySymbol("GBP")).toBe("£");
    expect(pdfCurrencySymbol("INR")).toBe("INR ");
    expect(pdfCurrencySymbol("USDC")).toBe("USDC ");
  });
});

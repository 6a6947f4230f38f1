import { currencySymbol } from "@tollgate/domain";

/**
 * PDFKit's built-in Helvetica encodes text as WinAnsi (Latin-1 plus a few typographic marks). A character outside it
 * does not throw: it is silently drawn as a wrong glyph. So every text from the data passes through here first:
 * encodable characters stay, accented letters outside Latin-1 lose their accent ("ő" → "o"), anything else (CJK,
 * emoji) becomes "?". Tenant and issuer names are user input, so this is a real case, not an edge.
 */
const WIN_ANSI_EXTRAS = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".split("").map((char) => char.codePointAt(0)));

function encodable(codePoint: number): boolean {
  return (
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0xff) ||
    WIN_ANSI_EXTRAS.has(codePoint)
  );
}

// Letters with a stroke have no Unicode decomposition, so NFKD cannot strip them; spaces and the minus sign have
// plain equivalents.
const REPLACEMENTS: Record<string, string> = {
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  Ħ: "H",
  ħ: "h",
  ı: "i",
  "\u2212": "-",
  "\u2009": " ",
  "\u202f": " ",
  "\u00a0": " ",
};

function safeChar(char: string): string {
  const replacement = REPLACEMENTS[char];
  if (replacement !== undefined) return replacement;
  const codePoint = char.codePointAt(0) ?? 0;
  if (encodable(codePoint)) return char;
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return " ";
  // Combining marks left after NFC and invisible format characters (zero-width joiners, bidi marks) just go.
  if (/^[\p{M}\p{Cf}]$/u.test(char)) return "";
  const base = Array.from(char.normalize("NFKD"))
    .filter((part) => encodable(part.codePointAt(0) ?? 0))
    .join("");
  return base === "" ? "?" : base;
}

/** Per code point (after NFC, so "e" + combining acute is one "é"). */
export function pdfSafeText(text: string): string {
  return Array.from(text.normalize("NFC"), safeChar).join("");
}

/** The currency's symbol when Helvetica has it ($, €, £, ¥), else its code ("INR 12.00"). */
export function pdfCurrencySymbol(currency: string): string {
  const symbol = currencySymbol(currency);
  return pdfSafeText(symbol) === symbol ? symbol : `${currency} `;
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PARTS = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
/** A double holds 15 significant decimal digits exactly; 16 or more split around a point leave 8 on one side. */
const LONG_RUN = 8;
/** Underflow to 0 needs an exponent of -308 or less: three digits. */
const UNDERFLOW_DIGITS = 3;

/**
 * False when no number in `text` can be one JSON.parse rounds to an integer of at most 10^12 (the largest token
 * count; larger ones are refused by range, rounded or not), the common case, found without a parse. Such a literal
 * has 16 or more significant digits (a run of 8 next to its point, or before a negative exponent) or an exponent of
 * -100 or below. One memchr-speed indexOf pass per '.' and '-' (a regex over the whole body costs several times
 * more); strings may match too, the exact scan then finds nothing.
 */
export function mayHoldInexactInteger(text: string): boolean {
  for (let at = text.indexOf("."); at !== -1; at = text.indexOf(".", at + 1)) {
    if (digitRun(text, at - 1, -1, LONG_RUN) >= LONG_RUN || digitRun(text, at + 1, 1, LONG_RUN) >= LONG_RUN)
      return true;
  }
  for (let at = text.indexOf("-"); at !== -1; at = text.indexOf("-", at + 1)) {
    const before = text.charCodeAt(at - 1) | 0x20; // 'E' → 'e'
    if (before !== 101 || !isDigit(text.charCodeAt(at - 2))) continue;
    if (digitRun(text, at + 1, 1, UNDERFLOW_DIGITS) >= UNDERFLOW_DIGITS) return true;
    if (digitRun(text, at - 2, -1, LONG_RUN) >= LONG_RUN) return true;
  }
  return false;
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/** How many digits run from `from` in direction `step`, counting up to `max`. */
function digitRun(text: string, from: number, step: 1 | -1, max: number): number {
  let count = 0;
  for (let at = from; count < max && isDigit(text.charCodeAt(at)); at += step) count += 1;
  return count;
}

/**
 * JSON text in which every number literal that JSON.parse would round to an integer it is not (1.0000000000000001
 * → 1, -1e-400 → -0) is quoted, so the field's own validation refuses it by name ("input_tokens: must be an integer
 * number of tokens") instead of storing a rounded count; the other events of a batch are unaffected. Exact values
 * ("1.0", "2e3") and non-integers (0.5, which validation refuses anyway) are left alone. Returns `text` itself when
 * nothing changes; invalid JSON is left to the parser.
 */
export function quoteInexactIntegers(text: string): string {
  if (!mayHoldInexactInteger(text)) return text;
  let out = "";
  let copied = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      index = endOfString(text, index);
      continue;
    }
    if (code !== MINUS && (code < 48 || code > 57)) {
      index += 1;
      continue;
    }
    NUMBER.lastIndex = index;
    const literal = NUMBER.exec(text)?.[0];
    if (literal === undefined) {
      index += 1;
      continue;
    }
    const end = index + literal.length;
    if (isInexactInteger(literal)) {
      out += `${text.slice(copied, index)}"${literal}"`;
      copied = end;
    }
    index = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** The index after the string that opens at `start` (escaped quotes skipped). */
function endOfString(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** True when the literal parses to an integer that differs from the value written. */
export function isInexactInteger(literal: string): boolean {
  const value = Number(literal);
  if (!Number.isInteger(value)) return false;
  const parts = PARTS.exec(literal);
  if (!parts) return false;
  const [, whole = "", fraction = "", exponent = "0"] = parts;
  let digits = (whole + fraction).replace(/^0+/, "");
  let power = Number(exponent) - fraction.length;
  const trailingZeros = digits.length - digits.replace(/0+$/, "").length;
  digits = digits.slice(0, digits.length - trailingZeros);
  power += trailingZeros;
  if (digits === "") return false; // exactly zero, as parsed (-0 included)
  if (power < 0) return true; // a fraction remains: the parse rounded it away
  return `${digits}${"0".repeat(power)}` !== BigInt(Math.abs(value)).toString();
}

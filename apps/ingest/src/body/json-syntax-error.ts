export interface JsonSyntaxError {
  /** UTF-16 offset of the first character that cannot continue a JSON text (the length at an early end). */
  position: number;
  line: number;
  column: number;
  problem: string;
}

type Expectation = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "after-value";

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const ESCAPABLE = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const LITERALS = ["true", "false", "null"] as const;

/**
 * Finds where a malformed JSON text goes wrong. V8's JSON.parse messages name a position only for some errors
 * ("Unexpected token 'x', ..." has none), so clients would be left guessing; this scanner always has one.
 * Iterative (no recursion), linear, and run only after a parse has failed.
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | null {
  const containers: ("{" | "[")[] = [];
  let expect: Expectation = "value";
  let i = 0;
  const fail = (position: number, problem: string): JsonSyntaxError => ({
    position,
    ...lineAndColumn(text, position),
    problem,
  });

  for (;;) {
    while (i < text.length && WHITESPACE.has(text.charAt(i))) i += 1;
    if (i >= text.length) {
      return expect === "after-value" && containers.length === 0 ? null : fail(i, "unexpected end of input");
    }
    const char = text.charAt(i);
    switch (expect) {
      case "value":
      case "value-or-close": {
        if (expect === "value-or-close" && char === "]") {
          containers.pop();
          i += 1;
          expect = "after-value";
        } else if (char === "{" || char === "[") {
          containers.push(char);
          i += 1;
          expect = char === "{" ? "key-or-close" : "value-or-close";
        } else {
          const end = scanScalar(text, i);
          if (typeof end !== "number") return fail(end.position, end.problem);
          i = end;
          expect = "after-value";
        }
        break;
      }
      case "key":
      case "key-or-close": {
        if (expect === "key-or-close" && char === "}") {
          containers.pop();
          i += 1;
          expect = "after-value";
        } else if (char === '"') {
          const end = scanString(text, i);
          if (typeof end !== "number") return fail(end.position, end.problem);
          i = end;
          expect = "colon";
        } else {
          return fail(i, `expected a double-quoted property name, found ${describe(char)}`);
        }
        break;
      }
      case "colon": {
        if (char !== ":") return fail(i, `expected ':' after the property name, found ${describe(char)}`);
        i += 1;
        expect = "value";
        break;
      }
      case "after-value": {
        const open = containers.at(-1);
        if (!open) return fail(i, `unexpected ${describe(char)} after the JSON value`);
        const close = open === "{" ? "}" : "]";
        if (char === ",") {
          expect = open === "{" ? "key" : "value";
        } else if (char === close) {
          containers.pop();
        } else {
          return fail(i, `expected ',' or '${close}', found ${describe(char)}`);
        }
        i += 1;
        break;
      }
    }
  }
}

interface ScanFailure {
  position: number;
  problem: string;
}

function scanScalar(text: string, start: number): number | ScanFailure {
  const char = text.charAt(start);
  if (char === '"') return scanString(text, start);
  if (char === "-" || isDigit(char)) return scanNumber(text, start);
  const literal = LITERALS.find((word) => word.startsWith(char));
  if (!literal) return { position: start, problem: `unexpected ${describe(char)}` };
  for (let k = 1; k < literal.length; k += 1) {
    const at = start + k;
    if (at >= text.length) return { position: at, problem: "unexpected end of input" };
    if (text.charAt(at) !== literal.charAt(k)) {
      return { position: at, problem: `unexpected ${describe(text.charAt(at))} in '${literal}'` };
    }
  }
  return start + literal.length;
}

function scanString(text: string, start: number): number | ScanFailure {
  let i = start + 1;
  while (i < text.length) {
    const char = text.charAt(i);
    if (char === '"') return i + 1;
    if (char.charCodeAt(0) < 0x20) return { position: i, problem: "unescaped control character in string" };
    if (char === "\\") {
      const escaped = text.charAt(i + 1);
      if (escaped === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          return { position: i, problem: "invalid \\u escape in string" };
        }
        i += 6;
        continue;
      }
      if (!ESCAPABLE.has(escaped)) return { position: i, problem: "invalid escape in string" };
      i += 2;
      continue;
    }
    i += 1;
  }
  return { position: text.length, problem: "unterminated string" };
}

function scanNumber(text: string, start: number): number | ScanFailure {
  const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  match.lastIndex = start;
  const found = match.exec(text);
  const end = found ? start + found[0].length : start;
  // A number that stops early ("-", "1.", "1e") is malformed at the character that broke it off.
  const next = text.charAt(end);
  if (end === start || (end === start + 1 && text.charAt(start) === "-") || next === "." || /[eE]/.test(next)) {
    return { position: Math.max(end, start + 1), problem: "invalid number" };
  }
  if (isDigit(next)) return { position: end, problem: "invalid number (leading zero)" };
  return end;
}

function isDigit(char: string): boolean {
  return char >= "0" && char <= "9";
}

function describe(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x20 || code > 0x7e ? `U+${code.toString(16).toUpperCase().padStart(4, "0")}` : `'${char}'`;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

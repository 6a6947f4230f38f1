import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { locateJsonSyntaxError } from "../src/body/json-syntax-error.ts";

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// Valid JSON with a few characters inserted or removed: mostly malformed, in every kind of place.
const mangledJson = fc
  .tuple(
    fc.json(),
    fc.nat(),
    fc.nat({ max: 3 }),
    fc.constantFrom("", "}", "]", ",", ":", '"', "\\", "x", "-", "0", "."),
  )
  .map(([json, at, cut, insert]) => {
    const position = at % (json.length + 1);
    return json.slice(0, position) + insert + json.slice(position + cut);
  });

describe("locateJsonSyntaxError", () => {
  it("agrees with JSON.parse on what is valid, and points inside the text", () => {
    fc.assert(
      fc.property(fc.oneof(mangledJson, fc.string(), fc.json()), (text) => {
        const error = locateJsonSyntaxError(text);
        expect(error === null).toBe(parses(text));
        if (error) {
          expect(error.position).toBeGreaterThanOrEqual(0);
          expect(error.position).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("points at the first character that cannot continue the text", () => {
    expect(locateJsonSyntaxError('{"a": 1,\n "b" 2}')).toMatchObject({ position: 14, line: 2, column: 6 });
    expect(locateJsonSyntaxError("[01]")).toMatchObject({ position: 2, problem: "invalid number (leading zero)" });
    expect(locateJsonSyntaxError('"a\tb"')).toMatchObject({ position: 2 });
    expect(locateJsonSyntaxError("")).toMatchObject({ position: 0, problem: "unexpected end of input" });
    expect(locateJsonSyntaxError("[".repeat(100_000))).toMatchObject({ position: 100_000 });
  });
});

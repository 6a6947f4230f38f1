import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

let cached: string | undefined;

/**
 * "genai-prices <version>" of the installed @pydantic/genai-prices, recorded as the source of every cost rate taken
 * from it. Read from its package.json (its exports do not expose the file, so it is found next to the entry point).
 */
export function priceDatasetSource(): string {
  if (cached === undefined) {
    const entry = createRequire(import.meta.url).resolve("@pydantic/genai-prices");
    const manifest = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")) as {
      version?: unknown;
    };
    cached = `genai-prices ${typeof manifest.version === "string" ? manifest.version : "unknown"}`;
  }
  return cached;
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { asEnvValue, envVariables, loadAppEnv, ROOT, serviceApps } from "./support/app-env.ts";

interface Entry {
  value: string;
  commented: boolean;
}

/** `KEY=value` lines, and `# KEY=value` lines (optional variables, or ones best left unset). */
function exampleEntries(text: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const line of text.split("\n")) {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match?.[2]) continue;
    if (entries.has(match[2])) throw new Error(`.env.example lists ${match[2]} twice`);
    entries.set(match[2], { value: match[3] ?? "", commented: match[1] !== undefined });
  }
  return entries;
}

const text = readFileSync(join(ROOT, ".env.example"), "utf8");
const entries = exampleEntries(text);
const apps = serviceApps();

describe(".env.example", () => {
  it("lists every variable the apps read, and nothing else", () => {
    const read = new Set(apps.flatMap((app) => [...envVariables(app)]));
    const missing = [...read].filter((name) => !entries.has(name)).sort();
    const unknown = [...entries.keys()].filter((name) => !read.has(name)).sort();
    expect(apps.length, "no apps/*/src/main.ts found").toBeGreaterThan(0);
    expect(
      { missingFromEnvExample: missing, readByNoApp: unknown },
      "every variable read by apps/*/src/env.ts is in .env.example, and only those",
    ).toEqual({ missingFromEnvExample: [], readByNoApp: [] });
  });

  it.each(apps)("shows %s's defaults", async (app) => {
    const defaults = await loadAppEnv(app);
    const wrong: string[] = [];
    for (const name of envVariables(app)) {
      const entry = entries.get(name);
      if (!entry) continue; // reported by the test above
      if (defaults[name] === undefined) {
        if (!entry.commented || entry.value !== "") wrong.push(`${name} has no default: list it as "# ${name}="`);
      } else if (entry.value !== asEnvValue(defaults[name])) {
        wrong.push(`${name}=${entry.value}, but the default is ${asEnvValue(defaults[name])}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(apps)("is a valid environment for %s as it is", async (app) => {
    // What `npm start` does with a copied .env: every uncommented line reaches every app.
    await expect(loadAppEnv(app, parseEnv(text) as Record<string, string>)).resolves.toBeTypeOf("object");
  });
});

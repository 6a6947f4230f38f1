import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";

// The shape `npm run seed` writes (packages/use-cases/src/seed/demo-keys-file.ts).
const keysFileSchema = z.object({
  operator: z.string(),
  tenants: z.record(z.string(), z.object({ tenantId: z.string(), apiKey: z.string().min(1) })),
});

/** Tenant slug → ingest key, in the file's order (the seed writes the biggest demo tenant first). */
export function readTenantKeys(path: string, shownPath: string): Map<string, string> {
  if (!existsSync(path)) {
    throw new Error(`no demo API keys at ${shownPath}: run \`npm run seed\` (or \`npm start\`) first`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${shownPath} is not valid JSON: run \`npm run seed\` to rewrite it`, { cause: error });
  }
  const parsed = keysFileSchema.safeParse(raw);
  if (!parsed.success || Object.keys(parsed.data.tenants).length === 0) {
    throw new Error(`${shownPath} holds no tenant keys: run \`npm run seed\` to rewrite it`);
  }
  return new Map(Object.entries(parsed.data.tenants).map(([slug, entry]) => [slug, entry.apiKey]));
}

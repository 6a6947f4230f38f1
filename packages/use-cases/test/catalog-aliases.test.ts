import type { MatchLogic, ModelInfo, Provider } from "@pydantic/genai-prices";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import { loadModelIdResolver } from "@tollgate/use-cases/catalog";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { loadPriceCatalog, priceDatasetSource } from "../src/seed/index.ts";
import { aliasesFromMatch, catalogAliases } from "../src/seed/match-aliases.ts";
import { seedCostRates } from "../src/seed/seed-cost-rates.ts";
import { seedModels } from "../src/seed/seed-models.ts";

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  const catalog = await loadPriceCatalog(new Date());
  await seedModels(db, catalog);
  await seedCostRates(db, catalog, priceDatasetSource());
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("aliases derived from genai-prices match rules", () => {
  it("turns equals / starts_with / ends_with / contains / or into exact names and globs, skipping regex and and", () => {
    const match: MatchLogic = {
      or: [
        { equals: "gpt-4o" },
        { starts_with: "gpt-4o-2024" },
        { ends_with: "-latest" },
        { contains: "4o" },
        { regex: "^gpt-4o-\\d+$" },
        { and: [{ starts_with: "gpt" }, { contains: "o" }] },
        { equals: "has space" },
        { starts_with: "star*" },
      ],
    };
    expect(aliasesFromMatch(match)).toEqual(["gpt-4o", "gpt-4o-2024*", "*-latest", "*4o*"]);
  });

  it("prefixes every alias with the provider, adding bare names only where genai-prices would pick the provider", () => {
    const model: ModelInfo = { id: "claude-x", match: { starts_with: "claude-x" }, prices: {} };
    const vendor = { id: "anthropic", model_match: { contains: "claude" }, models: [model] } as unknown as Provider;
    const reseller = { id: "openrouter", models: [model] } as unknown as Provider;
    expect(catalogAliases(vendor, model)).toEqual(["anthropic/claude-x*", "claude-x*"]);
    expect(catalogAliases(reseller, model)).toEqual(["openrouter/claude-x*"]);
  });
});

describe("model name resolution against the seeded catalog", () => {
  it.each([
    // Dated snapshots and the provider-prefixed forms resolve to the catalog entry genai-prices prices them as.
    ["gpt-4o-2024-08-06", "openai/gpt-4o"],
    ["openai/gpt-4o-2024-08-06", "openai/gpt-4o"],
    ["gpt-4o-mini-2024-07-18", "openai/gpt-4o-mini"],
    ["gpt-4.1-2025-04-14", "openai/gpt-4.1"],
    ["gpt-4.1-mini-2025-04-14", "openai/gpt-4.1-mini"],
    ["claude-3-5-haiku-20241022", "anthropic/claude-3-5-haiku-latest"],
    ["anthropic/claude-3-5-haiku-20241022", "anthropic/claude-3-5-haiku-latest"],
    ["claude-sonnet-4-5-20250929", "anthropic/claude-sonnet-4-5"],
    ["claude-opus-4-1-20250805", "anthropic/claude-opus-4-1"],
    // Catalog ids resolve to themselves.
    ["openai/gpt-4.1", "openai/gpt-4.1"],
    ["anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-4-5"],
  ])("%s → %s", async (name, id) => {
    const resolve = await loadModelIdResolver(db);
    expect(resolve(name)).toBe(id);
  });

  it("leaves unknown names unresolved", async () => {
    const resolve = await loadModelIdResolver(db);
    expect(resolve("acme/unknown-model-7")).toBeNull();
  });

  it("has no exact alias on two models and no alias that is another model's id", async () => {
    const models = await db.model.findMany({ select: { id: true, aliases: true } });
    expect(models.length).toBeGreaterThanOrEqual(300);
    const ids = new Set(models.map((model) => model.id));
    const owners = new Map<string, string>();
    for (const model of models) {
      for (const alias of model.aliases.filter((pattern) => !pattern.includes("*"))) {
        expect(ids.has(alias), `${alias} is an id`).toBe(false);
        expect(owners.get(alias), `${alias} on two models`).toBeUndefined();
        owners.set(alias, model.id);
      }
    }
  });
});

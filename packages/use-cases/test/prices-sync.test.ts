import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { TOKEN_TYPES, type TokenType } from "@tollgate/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import {
  applyPricesSync,
  diffPriceCatalog,
  formatPricesSyncDiff,
  isEmptyDiff,
  loadStoredCatalog,
  runPricesSync,
  type PricesSyncCommandOptions,
  type PricesSyncDiff,
  type StoredCatalog,
} from "@tollgate/use-cases/catalog";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { loadPriceCatalog, priceDatasetSource, type CatalogModel } from "../src/seed/index.ts";
import { seedCostRates } from "../src/seed/seed-cost-rates.ts";
import { seedModels } from "../src/seed/seed-models.ts";

const NOW = new Date("2026-06-01T12:00:00.000Z");
const EPOCH = new Date(0);
const day = (date: string) => new Date(`${date}T00:00:00.000Z`);
const flat = (price: string): Record<TokenType, string> =>
  Object.fromEntries(TOKEN_TYPES.map((type) => [type, price])) as Record<TokenType, string>;

function datasetModel(id: string, periods: [Date, string][], aliases: string[] = []): CatalogModel {
  return {
    id,
    provider: id.split("/")[0]!,
    displayName: id,
    aliases,
    listPrices: {} as CatalogModel["listPrices"],
    longContext: undefined,
    priceHistory: periods.map(([effectiveFrom, price]) => ({ effectiveFrom, prices: flat(price) })),
  };
}

function storedModel(periods: [Date, string][], aliases: string[] = []) {
  return {
    aliases,
    costRates: TOKEN_TYPES.flatMap((tokenType) =>
      periods.map(([effectiveFrom, pricePerMillion]) => ({ tokenType, effectiveFrom, pricePerMillion })),
    ),
  };
}

const inputChanges = (diff: PricesSyncDiff) =>
  diff.costRateChanges
    .filter((change) => change.tokenType === "input")
    .map((change) => [change.modelId, change.effectiveFrom.toISOString(), change.oldPrice, change.newPrice]);

describe("diffPriceCatalog (pure)", () => {
  it("finds nothing when the stored history matches the dataset, even with equal-priced dated entries", () => {
    const dataset = [
      datasetModel(
        "p/a",
        [
          [EPOCH, "1"],
          [day("2026-03-01"), "1"],
        ],
        ["a*"],
      ),
    ];
    const stored: StoredCatalog = new Map([["p/a", storedModel([[EPOCH, "1.0"]], ["a*", "operator-alias"])]]);
    expect(isEmptyDiff(diffPriceCatalog(dataset, stored, NOW, "src"))).toBe(true);
  });

  it("adds a new model with its whole history", () => {
    const diff = diffPriceCatalog(
      [
        datasetModel(
          "p/new",
          [
            [EPOCH, "2"],
            [day("2026-09-01"), "1"],
          ],
          ["new*"],
        ),
      ],
      new Map(),
      NOW,
      "src",
    );
    expect(diff.newModels).toHaveLength(1);
    expect(diff.newModels[0]).toMatchObject({ id: "p/new", provider: "p", aliases: ["new*"] });
    expect(diff.newModels[0]!.costRates).toHaveLength(10);
    expect(diff.costRateChanges).toEqual([]);
  });

  it("appends dated prices after the latest stored row at their own dates, past or future", () => {
    const dataset = [
      datasetModel("p/a", [
        [EPOCH, "1"],
        [day("2026-03-01"), "0.5"],
        [day("2026-09-01"), "0.25"],
      ]),
    ];
    const stored: StoredCatalog = new Map([["p/a", storedModel([[EPOCH, "1"]])]]);
    expect(inputChanges(diffPriceCatalog(dataset, stored, NOW, "src"))).toEqual([
      ["p/a", "2026-03-01T00:00:00.000Z", "1", "0.5"],
      ["p/a", "2026-09-01T00:00:00.000Z", "0.5", "0.25"],
    ]);
  });

  it("never rewrites history: a changed undated or older price becomes a row effective now", () => {
    const dataset = [
      datasetModel("p/a", [[EPOCH, "3"]]),
      datasetModel("p/b", [
        [EPOCH, "1"],
        [day("2026-01-01"), "2"],
      ]),
    ];
    const stored: StoredCatalog = new Map([
      ["p/a", storedModel([[EPOCH, "2.5"]])],
      // p/b's stored history already has a later row than the dataset's dated change.
      [
        "p/b",
        storedModel([
          [EPOCH, "1"],
          [day("2026-02-01"), "9"],
        ]),
      ],
    ]);
    expect(inputChanges(diffPriceCatalog(dataset, stored, NOW, "src"))).toEqual([
      ["p/a", NOW.toISOString(), "2.5", "3"],
      ["p/b", NOW.toISOString(), "9", "2"],
    ]);
  });

  it("only adds aliases (an operator's own stay) and leaves models the dataset does not know", () => {
    const dataset = [datasetModel("p/a", [[EPOCH, "1"]], ["a*", "a-2024"])];
    const stored: StoredCatalog = new Map([
      ["p/a", storedModel([[EPOCH, "1"]], ["mine"])],
      ["p/custom", storedModel([[EPOCH, "7"]])],
    ]);
    const diff = diffPriceCatalog(dataset, stored, NOW, "src");
    expect(diff.aliasChanges).toEqual([{ modelId: "p/a", before: ["mine"], added: ["a*", "a-2024"] }]);
    expect(diff.costRateChanges).toEqual([]);
    expect(formatPricesSyncDiff(diff)).toContain("~ p/a  + a*, a-2024");
  });
});

describe("npm run prices:sync against a seeded catalog", () => {
  let database: TestDatabase;
  let db: Db;
  const output: string[] = [];
  const options = (overrides: Partial<PricesSyncCommandOptions>): PricesSyncCommandOptions => ({
    yes: false,
    json: false,
    confirm: null,
    print: (text) => output.push(text),
    note: (text) => output.push(text),
    ...overrides,
  });
  const snapshot = async () => ({
    models: await db.model.findMany({ orderBy: { id: "asc" } }),
    rates: (
      await db.modelCostRate.findMany({ orderBy: [{ modelId: "asc" }, { tokenType: "asc" }, { effectiveFrom: "asc" }] })
    ).map(
      (rate) =>
        `${rate.modelId} ${rate.tokenType} ${rate.effectiveFrom.toISOString()} ${rate.pricePerMillion.toString()}`,
    ),
    audit: await db.auditLog.count(),
  });

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

  it("finds nothing to change right after the seed", async () => {
    const { diff, applied } = await runPricesSync(db, options({ yes: true }));
    expect(isEmptyDiff(diff)).toBe(true);
    expect(applied).toBeNull();
    expect(output.at(-1)).toContain("up to date");
  });

  describe("after prices, a model and aliases were changed in the database", () => {
    beforeAll(async () => {
      // A stored price that differs from the dataset's, a dataset model the catalog lacks, and a lost alias.
      await db.$executeRaw`UPDATE model_cost_rates SET price_per_million = 99
                            WHERE model_id = 'openai/gpt-4o' AND token_type = 'input'`;
      await db.model.delete({ where: { id: "anthropic/claude-3-5-haiku-latest" } });
      await db.model.update({ where: { id: "openai/gpt-4.1" }, data: { aliases: ["my-gpt"] } });
    });

    it("shows the diff and changes nothing without --yes (no terminal to ask)", async () => {
      const before = await snapshot();
      const { diff, applied } = await runPricesSync(db, options({}));
      expect(applied).toBeNull();
      expect(diff.newModels.map((model) => model.id)).toEqual(["anthropic/claude-3-5-haiku-latest"]);
      expect(inputChanges(diff)).toEqual([["openai/gpt-4o", diff.now.toISOString(), "99", "2.5"]]);
      expect(diff.aliasChanges.map((change) => [change.modelId, change.before])).toEqual([
        ["openai/gpt-4.1", ["my-gpt"]],
      ]);
      expect(diff.aliasChanges[0]!.added).toContain("gpt-4.1-2025-04-14");
      const text = output.join("\n");
      expect(text).toContain("+ anthropic/claude-3-5-haiku-latest");
      expect(text).toContain("input 99 → 2.5");
      expect(text).toContain("--yes");
      expect(await snapshot()).toEqual(before);
    });

    it("changes nothing when the operator answers no at the prompt", async () => {
      const before = await snapshot();
      const questions: string[] = [];
      const { applied } = await runPricesSync(
        db,
        options({ confirm: (question) => (questions.push(question), Promise.resolve(false)) }),
      );
      expect(applied).toBeNull();
      expect(questions).toEqual(["Apply these changes? [y/N] "]);
      expect(await snapshot()).toEqual(before);
    });

    it("the real script without --yes prints the diff (also as JSON) and exits 0 without changes", async () => {
      const before = await snapshot();
      const script = fileURLToPath(new URL("../scripts/prices-sync.ts", import.meta.url));
      const run = (...args: string[]) =>
        promisify(execFile)(process.execPath, ["--import", "tsx", script, ...args], {
          env: { ...process.env, DATABASE_URL: database.url },
        });
      const text = await run();
      expect(text.stdout).toContain("input 99 → 2.5");
      const json = await run("--json");
      const parsed = JSON.parse(json.stdout) as { newModels: { id: string }[]; source: string };
      expect(parsed.newModels.map((model) => model.id)).toEqual(["anthropic/claude-3-5-haiku-latest"]);
      expect(parsed.source).toBe(priceDatasetSource());
      expect(json.stderr).toContain("Not applied");
      expect(await snapshot()).toEqual(before);
    }, 60_000);

    it("applies with --yes in one go, as system:prices-sync with audit entries, then finds nothing more", async () => {
      const { diff, applied } = await runPricesSync(db, options({ yes: true }));
      expect(applied).toMatchObject({ modelsCreated: 1, aliasesUpdated: 1, costRatesCreated: 6, auditEntries: 3 });

      // History is kept: the edited row stays, the dataset price is in force from the sync's "now".
      const gpt4o = await db.modelCostRate.findMany({
        where: { modelId: "openai/gpt-4o", tokenType: "input" },
        orderBy: { effectiveFrom: "asc" },
      });
      expect(
        gpt4o.map((rate) => [rate.effectiveFrom.toISOString(), rate.pricePerMillion.toString(), rate.source]),
      ).toEqual([
        [new Date(0).toISOString(), "99", priceDatasetSource()],
        [diff.now.toISOString(), "2.5", priceDatasetSource()],
      ]);
      const gpt41 = await db.model.findUniqueOrThrow({ where: { id: "openai/gpt-4.1" } });
      expect(gpt41.aliases[0]).toBe("my-gpt");
      expect(gpt41.aliases).toContain("gpt-4.1-2025-04-14");
      expect(await db.modelCostRate.count({ where: { modelId: "anthropic/claude-3-5-haiku-latest" } })).toBe(5);

      const entries = await db.auditLog.findMany({
        where: { actor: "system:prices-sync" },
        orderBy: { id: "asc" },
      });
      expect(entries).toHaveLength(3);
      for (const entry of entries) {
        expect(entry).toMatchObject({ actor: "system:prices-sync", targetType: "model" });
        expect(entry.reason).toBe(`prices:sync from ${priceDatasetSource()}`);
      }
      expect(entries.map((entry) => [entry.action, entry.targetId])).toEqual([
        ["model.create", "anthropic/claude-3-5-haiku-latest"],
        ["model_cost_rates.add", "openai/gpt-4o"],
        ["model.update", "openai/gpt-4.1"],
      ]);
      expect(entries[1]!.before).toEqual({ effectiveFrom: diff.now.toISOString(), rates: { input: "99" } });
      expect(entries[1]!.after).toEqual({
        effectiveFrom: diff.now.toISOString(),
        rates: { input: "2.5" },
        source: priceDatasetSource(),
      });
      expect(entries[2]!.before).toEqual({ aliases: ["my-gpt"] });

      const again = await snapshot();
      const rerun = await runPricesSync(db, options({ yes: true }));
      expect(isEmptyDiff(rerun.diff)).toBe(true);
      expect(await snapshot()).toEqual(again);
    });

    it("refuses to apply a diff the catalog no longer matches, writing nothing", async () => {
      const now = new Date();
      const dataset = await loadPriceCatalog(now);
      await db.$executeRaw`UPDATE model_cost_rates SET price_per_million = 42
                            WHERE model_id = 'openai/gpt-4o-mini' AND token_type = 'output'`;
      const shown = diffPriceCatalog(dataset, await loadStoredCatalog(db), now, priceDatasetSource());
      expect(shown.costRateChanges).toHaveLength(1);
      // Someone else fixes it between the diff and the confirmation.
      await db.$executeRaw`UPDATE model_cost_rates SET price_per_million = 43
                            WHERE model_id = 'openai/gpt-4o-mini' AND token_type = 'output'`;
      const before = await snapshot();
      await expect(applyPricesSync(db, dataset, shown)).rejects.toMatchObject({ code: "conflict" });
      expect(await snapshot()).toEqual(before);
    });
  });
});

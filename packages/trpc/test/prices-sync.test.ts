import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import type { UserPrincipal } from "@tollgate/use-cases/access";
import { createUser } from "@tollgate/use-cases/accounts";
import { loadPriceCatalog, priceDatasetSource, seedCatalog } from "@tollgate/use-cases/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcCode, userCaller } from "./support/test-caller.ts";

let database: TestDatabase;
let db: Db;
let operator: UserPrincipal;
let admin: UserPrincipal;
let tenantId = "";
/** A dataset model the test removes from the catalog (the diff's new model) and one whose input price it changes. */
let removedId = "";
let changedId = "";
let datasetInput = "";

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  const dataset = await loadPriceCatalog(new Date());
  await seedCatalog(db, dataset, priceDatasetSource());
  const priced = dataset.filter((model) => model.priceHistory.length === 1 && model.aliases.length === 0);
  const [removed, changed] = [priced[0], priced[1]];
  if (!removed || !changed) throw new Error("the bundled data has too few single-price models");
  removedId = removed.id;
  changedId = changed.id;
  datasetInput = changed.listPrices.input.toFixed();
  await db.modelCostRate.deleteMany({ where: { modelId: removedId } });
  await db.model.delete({ where: { id: removedId } });
  // A later operator price the data does not have: the sync brings the price in force back to the data's.
  await db.modelCostRate.create({
    data: {
      modelId: changedId,
      tokenType: "input",
      effectiveFrom: new Date(Date.now() - 86_400_000),
      pricePerMillion: "987.5",
      source: "operator",
    },
  });

  tenantId = (await db.tenant.create({ data: { name: "Unpriced", slug: "unpriced" } })).id;
  const mk = async (email: string, role: UserPrincipal["role"], tenant: string | null): Promise<UserPrincipal> => {
    const user = await createUser(db, { email, name: email, password: "password-123", role, tenantId: tenant });
    return { kind: "user", userId: user.id, email, role, tenantId: tenant };
  };
  operator = await mk("op@sync.example", "operator", null);
  admin = await mk("admin@sync.example", "tenant_admin", tenantId);
}, 120_000);

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("pricesSync.diff and pricesSync.applyDiff", () => {
  it("shows the new model and the changed price (old → new), applies exactly that, audited as the operator", async () => {
    const diff = await userCaller(db, operator).pricesSync.diff({});
    expect(diff.source).toBe(priceDatasetSource());
    expect(diff.new_models.map((model) => model.id)).toEqual([removedId]);
    expect(diff.new_models[0]?.cost_rates.length).toBeGreaterThan(0);
    expect(diff.cost_rate_changes).toEqual([
      {
        model_id: changedId,
        token_type: "input",
        effective_from: diff.now,
        old_price: "987.5",
        new_price: datasetInput,
        basis: "now",
      },
    ]);

    const result = await userCaller(db, operator).pricesSync.applyDiff({
      now: diff.now,
      fingerprint: diff.fingerprint,
    });
    expect(result).toMatchObject({ models_created: 1, aliases_updated: 0 });
    expect(result.cost_rates_created).toBe(diff.new_models[0]!.cost_rates.length + 1);

    const model = await userCaller(db, operator).models.get({ id: changedId });
    expect(model.cost_rates.input?.price_per_million).toBe(datasetInput);
    expect((await userCaller(db, operator).models.get({ id: removedId })).id).toBe(removedId);
    const audit = await db.auditLog.findMany({ where: { targetId: { in: [changedId, removedId] } } });
    expect(audit.map((entry) => entry.actor)).toEqual([`user:${operator.userId}`, `user:${operator.userId}`]);

    const after = await userCaller(db, operator).pricesSync.diff({});
    expect([after.new_models, after.cost_rate_changes, after.alias_changes]).toEqual([[], [], []]);
  });

  it("refuses a diff that is no longer what was shown, a stale review and a malformed fingerprint", async () => {
    const diff = await userCaller(db, operator).pricesSync.diff({});
    // An operator's price in force at the diff's now: the diff for that instant is not the one shown any more.
    await db.modelCostRate.create({
      data: {
        modelId: changedId,
        tokenType: "output",
        effectiveFrom: new Date(new Date(diff.now).getTime() - 60_000),
        pricePerMillion: "1234",
        source: "operator",
      },
    });
    const before = await db.modelCostRate.count();
    expect(
      await trpcCode(userCaller(db, operator).pricesSync.applyDiff({ now: diff.now, fingerprint: diff.fingerprint })),
    ).toBe("CONFLICT");
    const stale = new Date(Date.now() - 2 * 3_600_000).toISOString();
    expect(
      await trpcCode(userCaller(db, operator).pricesSync.applyDiff({ now: stale, fingerprint: diff.fingerprint })),
    ).toBe("CONFLICT");
    expect(await trpcCode(userCaller(db, operator).pricesSync.applyDiff({ now: diff.now, fingerprint: "nope" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await db.modelCostRate.count()).toBe(before);
  });

  it("is for operators only", async () => {
    expect(await trpcCode(userCaller(db, admin).pricesSync.diff({}))).toBe("FORBIDDEN");
    const apply = { now: new Date().toISOString(), fingerprint: "0".repeat(64) };
    expect(await trpcCode(userCaller(db, admin).pricesSync.applyDiff(apply))).toBe("FORBIDDEN");
    expect(await trpcCode(userCaller(db, admin).models.unratedUsage({}))).toBe("FORBIDDEN");
  });
});

describe("models.unratedUsage", () => {
  it("sums the rollups' unrated events per model; tokens only from rows whose events are all unrated", async () => {
    const day = new Date("2026-11-30T00:00:00Z");
    const other = (await db.tenant.create({ data: { name: "Other", slug: "other" } })).id;
    const row = { day, inputTokens: 1_000n, outputTokens: 200n };
    await db.usageRollupDaily.createMany({
      data: [
        { ...row, tenantId, modelId: "mystery-llm", eventCount: 3n, unratedCount: 3n },
        { ...row, tenantId: other, modelId: "mystery-llm", apiKeyId: "k", eventCount: 2n, unratedCount: 2n },
        // Mixed: 1 of 4 events unrated, so its tokens are not attributed to the unrated event.
        { ...row, tenantId, modelId: changedId, eventCount: 4n, unratedCount: 1n, day: new Date("2026-12-01Z") },
        { ...row, tenantId, modelId: "rated-only", eventCount: 5n, unratedCount: 0n },
      ],
    });
    const { models } = await userCaller(db, operator).models.unratedUsage({});
    expect(models).toEqual([
      {
        model_id: "mystery-llm",
        unrated_events: "5",
        unrated_tokens: "2400",
        tenants: 2,
        last_day: day.toISOString(),
        in_catalog: false,
      },
      {
        model_id: changedId,
        unrated_events: "1",
        unrated_tokens: "0",
        tenants: 1,
        last_day: "2026-12-01T00:00:00.000Z",
        in_catalog: true,
      },
    ]);
  });
});

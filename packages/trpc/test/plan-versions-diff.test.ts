import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import type { UserPrincipal } from "@tollgate/use-cases/access";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcCode, userCaller } from "./support/test-caller.ts";

// planVersions.diff as the console calls it: an operator user compares two versions; tenant users are refused.

let database: TestDatabase;
let db: Db;
let tenantId = "";

const user = (role: UserPrincipal["role"]): UserPrincipal => ({
  kind: "user",
  userId: randomUUID(),
  email: `${role}@example.test`,
  role,
  tenantId: role === "operator" ? null : tenantId,
});

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  tenantId = (await db.tenant.create({ data: { name: "Diff", slug: "diff" } })).id;
  await db.model.createMany({
    data: [
      { id: "acme/one", provider: "acme", displayName: "One" },
      { id: "acme/two", provider: "acme", displayName: "Two" },
      { id: "zeta/new", provider: "zeta", displayName: "New" },
    ],
  });
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("planVersions.diff", () => {
  it("compares a published version with its edited copy: rates and pricing fields, A → B", async () => {
    const ops = userCaller(db, user("operator"));
    const plan = await ops.plans.create({ code: "diff", name: "Diff" });
    const v1 = await ops.planVersions.create({
      planId: plan.id,
      currency: "USD",
      effective_from: "2026-01-01T00:00:00Z",
      pricing: { spend_cap: "100" },
      rates: [
        { model_id: "acme/one", token_type: "input", price_per_million: "3" },
        { model_id: "acme/one", token_type: "output", price_per_million: "15" },
        { model_id: "acme/two", token_type: "input", price_per_million: "0.5" },
      ],
    });
    await ops.planVersions.publish({ planId: plan.id, versionId: v1.id });
    const v2 = await ops.planVersions.copy({ planId: plan.id, versionId: v1.id });
    await ops.planVersions.update({
      planId: plan.id,
      versionId: v2.id,
      pricing: { spend_cap: "150", rules: [{ kind: "request_fee", amount: "0.01" }] },
      rates: [
        { model_id: "acme/one", token_type: "input", price_per_million: "3.6" },
        { model_id: "acme/one", token_type: "output", price_per_million: "15.00" },
        { model_id: "zeta/new", token_type: "output", price_per_million: "2" },
      ],
    });

    const diff = await ops.planVersions.diff({ planId: plan.id, a: v1.id, b: v2.id });
    expect([diff.a.version, diff.a.status, diff.b.version, diff.b.status]).toEqual([1, "published", 2, "draft"]);
    expect(diff.rates.counts).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 1 });
    expect(diff.rates.entries).toEqual([
      {
        model_id: "acme/one",
        token_type: "input",
        condition: "",
        kind: "changed",
        before: "3",
        after: "3.6",
        change_percent: "20",
      },
      {
        model_id: "acme/two",
        token_type: "input",
        condition: "",
        kind: "removed",
        before: "0.5",
        after: null,
        change_percent: null,
      },
      {
        model_id: "zeta/new",
        token_type: "output",
        condition: "",
        kind: "added",
        before: null,
        after: "2",
        change_percent: null,
      },
    ]);
    expect(diff.pricing.changes).toEqual([
      { path: "rules", before: "[]" },
      { path: "rules.0.amount", after: "0.01" },
      { path: "rules.0.kind", after: "request_fee" },
      { path: "spend_cap", before: "100", after: "150" },
    ]);

    const everything = await ops.planVersions.diff({ planId: plan.id, a: v1.id, b: v2.id, include_unchanged: "true" });
    expect(everything.rates.entries.map((entry) => entry.kind)).toEqual(["changed", "unchanged", "removed", "added"]);

    // The version view names each rate's provider (the console filters on it).
    const fetched = await ops.planVersions.get({ planId: plan.id, versionId: v2.id });
    expect(fetched.rates.map((rate) => `${rate.provider}:${rate.model_id}`)).toEqual([
      "acme:acme/one",
      "acme:acme/one",
      "zeta:zeta/new",
    ]);
  });

  it("is not_found for a version of another plan, and refuses malformed ids", async () => {
    const ops = userCaller(db, user("operator"));
    const plan = await ops.plans.create({ code: "other", name: "Other" });
    const own = await ops.planVersions.create({
      planId: plan.id,
      currency: "USD",
      effective_from: "2026-01-01T00:00:00Z",
    });
    const stranger = await ops.plans.create({ code: "stranger", name: "Stranger" });
    const theirs = await ops.planVersions.create({
      planId: stranger.id,
      currency: "USD",
      effective_from: "2026-01-01T00:00:00Z",
    });
    expect(await trpcCode(ops.planVersions.diff({ planId: plan.id, a: own.id, b: theirs.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(ops.planVersions.diff({ planId: plan.id, a: own.id, b: "not-a-uuid" }))).toBe("BAD_REQUEST");
    const same = await ops.planVersions.diff({ planId: plan.id, a: own.id, b: own.id });
    expect(same.rates.entries).toEqual([]);
    expect(same.pricing.changes).toEqual([]);
  });

  it("refuses tenant roles", async () => {
    const ops = userCaller(db, user("operator"));
    const plan = await ops.plans.create({ code: "refused", name: "Refused" });
    const version = await ops.planVersions.create({
      planId: plan.id,
      currency: "USD",
      effective_from: "2026-01-01T00:00:00Z",
    });
    for (const role of ["tenant_admin", "tenant_viewer"] as const) {
      const input = { planId: plan.id, a: version.id, b: version.id };
      expect(await trpcCode(userCaller(db, user(role)).planVersions.diff(input))).toBe("FORBIDDEN");
    }
  });
});

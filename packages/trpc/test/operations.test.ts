import { DEFAULT_INVOICE_ISSUER } from "@tollgate/use-cases/invoices";
import { createDbClient, type Db } from "@tollgate/db";
import { type Principal } from "@tollgate/use-cases/access";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCallerFactory, operationsRouter, type Context } from "../src/index.ts";

// Operations called as a REST transport calls them: an API key principal, no console session, a rating-sweep port.

const createCaller = createCallerFactory(operationsRouter);
const operatorKey: Principal = { kind: "operator_key", keyId: null, prefix: "tg_ops" };
let database: TestDatabase;
let db: Db;
let tenantId = "";

function caller(principal: Principal | null, sweeps: (string | undefined)[] = []) {
  const ctx: Context = {
    db,
    principal,
    announceKeyRevocation: () => Promise.resolve(),
    invoiceIssuer: DEFAULT_INVOICE_ISSUER,
    ratingSweeps: {
      request: (tenant) => {
        sweeps.push(tenant);
        return Promise.resolve();
      },
    },
  };
  return createCaller(ctx);
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  tenantId = (await db.tenant.create({ data: { name: "Ops", slug: "ops" } })).id;
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("operations", () => {
  it("accept operator keys, refuse tenant keys (FORBIDDEN) and anonymous callers (UNAUTHORIZED)", async () => {
    const tenantKey: Principal = { kind: "api_key", keyId: null, prefix: "tg_t", tenantId, scopes: ["read"] };
    expect((await caller(operatorKey).budgets.list({ tenantId })).budgets).toEqual([]);
    await expect(caller(tenantKey).budgets.list({ tenantId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller(null).budgets.list({ tenantId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("request a rating sweep through the port the use case is given, only after a change commits", async () => {
    const sweeps: (string | undefined)[] = [];
    const ops = caller(operatorKey, sweeps);
    const plan = await ops.plans.create({ code: "sweep", name: "Sweep" });
    const draft = await ops.planVersions.create({
      planId: plan.id,
      currency: "USD",
      effective_from: "2026-01-01T00:00:00Z",
      pricing: { unlisted_models: { kind: "cost_markup", markup_percent: "20" } },
    });
    expect(sweeps).toEqual([]);
    await ops.planVersions.publish({ planId: plan.id, versionId: draft.id });
    expect(sweeps).toEqual([undefined]);

    // A refused change (already published: conflict) requests nothing.
    await expect(ops.planVersions.publish({ planId: plan.id, versionId: draft.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(sweeps).toEqual([undefined]);

    await ops.subscriptions.assign({ tenantId, plan_version_id: draft.id, starts_at: "2026-02-01T00:00:00Z" });
    expect(sweeps).toEqual([undefined, tenantId]);
  });
});

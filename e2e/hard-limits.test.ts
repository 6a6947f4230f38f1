import { billingPeriodStart, money, toDecimalString } from "@tollgate/domain";
import { createSpendLimits } from "@tollgate/queues";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendUntilAcknowledged } from "./support/ingest-client.ts";
import { PRICED_MODEL, startPipelineFixture, type PipelineFixture } from "./support/pipeline-fixture.ts";
import { countStoredEvents } from "./support/pipeline-totals.ts";
import { waitForDrainedQueue } from "./support/queue-state.ts";

/**
 * Hard limits over the real processes: an operator sets a $1 hard budget through the api's admin REST API, the
 * tenant reserves through ingest before each call and sends usage naming its reservation; the worker settles each
 * hold in Redis to the actual charge in Postgres, and refuses what the budget cannot hold.
 */
let fixture: PipelineFixture;

beforeAll(async () => {
  fixture = await startPipelineFixture({ tenantName: "Limits Acme" });
});

afterAll(async () => {
  await fixture.close();
});

async function reserve(body: object) {
  const response = await fetch(`${fixture.stack.ingestUrl}/v1/limits/reserve`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${fixture.tenant.apiKey}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { allowed: boolean; reservation_id?: string; amount: string; reason?: string };
}

describe("hard limits through ingest, worker and api", () => {
  it("holds worst cases, settles them with the events, and refuses past the budget", async () => {
    const { stack, tenant } = fixture;
    const created = await fetch(`${stack.apiUrl}/v1/admin/tenants/${tenant.tenantId}/budgets`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${stack.operatorKey}` },
      body: JSON.stringify({ scope: "tenant", amount: "1", currency: "USD", hard_limit: true, reason: "e2e cap" }),
    });
    expect(created.status).toBe(201);
    const budgetId = ((await created.json()) as { id: string }).id;

    // PRICES: input 2.5, cached 0.25, output 10 per 1M; unlisted cache-write/reasoning types are unpriced, so the
    // worst case is 20,000 × 2.5/1M + 20,000 × 10/1M = 0.05 + 0.2 = 0.25.
    const request = { model: PRICED_MODEL, input_tokens: 20_000, max_output_tokens: 20_000 };
    const holds = await Promise.all(Array.from({ length: 6 }, () => reserve(request)));
    expect(holds.filter((hold) => hold.allowed)).toHaveLength(4);
    expect(holds.find((hold) => !hold.allowed)).toMatchObject({ reason: "budget_exceeded", amount: "0.25" });

    // Each allowed call used less than its worst case: 20,000 input + 5,000 output = 0.05 + 0.05 = 0.1.
    const allowed = holds.filter((hold) => hold.allowed);
    const events = allowed.map((hold, index) => ({
      id: `limited-${index.toString()}`,
      model: PRICED_MODEL,
      input_tokens: 20_000,
      output_tokens: 5_000,
      reservation_id: hold.reservation_id,
    }));
    await sendUntilAcknowledged(stack.ingestUrl, tenant.apiKey, events);
    await waitForDrainedQueue(fixture.redis, stack.queuePrefix, () => countStoredEvents(fixture.db, tenant.tenantId), {
      timeoutMs: 60_000,
    });

    const limits = createSpendLimits(fixture.redis, stack.queuePrefix);
    const state = await limits.state({ kind: "budget", budgetId, periodStart: billingPeriodStart(new Date()) });
    const ledger = await fixture.db.ledgerEntry.aggregate({
      where: { tenantId: tenant.tenantId, kind: "usage_charge" },
      _sum: { amount: true },
    });
    expect(toDecimalString(money(ledger._sum.amount?.toFixed() ?? "0"))).toBe("0.4");
    expect(state).toEqual({ spentMicro: 400_000n, heldMicro: 0n });

    // 0.4 spent: two more worst cases fit (0.9), the third does not.
    const after = await Promise.all(Array.from({ length: 3 }, () => reserve(request)));
    expect(after.filter((hold) => hold.allowed)).toHaveLength(2);
    const alerts = await fixture.db.alert.findMany({ where: { tenantId: tenant.tenantId }, orderBy: { id: "asc" } });
    // 0.4 of 1: none of 50/80/100 % reached by spend (holds are not spend).
    expect(alerts).toEqual([]);
  });
});
